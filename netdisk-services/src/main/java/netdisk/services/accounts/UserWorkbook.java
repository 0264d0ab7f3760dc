package netdisk.services.accounts;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The registry's file format: an .xlsx workbook (Apache POI XSSF) with a sheet {@value #SHEET}
 * whose first row is the header {@code name | password_hash | home | created | last_login} and
 * one row per user below it, every cell text; times are ISO-8601 UTC ({@code
 * 2025-01-31T12:00:00Z}), {@code last_login} is empty before the first login.
 *
 * <p>Reading is strict, because a row silently skipped is a user silently locked out: any
 * problem throws {@link RegistryUnreadableException} naming the row. Rows that are entirely empty
 * are skipped (a person editing the sheet leaves them). Columns after the fifth are ignored and
 * not written back. A time cell that a spreadsheet program turned into a date is accepted (as
 * UTC). Reading never writes to the file: the bytes are read into memory first.
 */
final class UserWorkbook {

    static final String SHEET = "users";
    static final List<String> HEADER = List.of("name", "password_hash", "home", "created", "last_login");

    private static final int[] WIDTHS = {20, 110, 40, 24, 24};

    private UserWorkbook() {}

    /** The users in {@code file}, in row order. */
    static List<User> read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length == 0) {
            throw new RegistryUnreadableException(file, "the file is empty (0 bytes), not a workbook");
        }
        XSSFWorkbook workbook;
        try {
            workbook = new XSSFWorkbook(new ByteArrayInputStream(bytes));
        } catch (IOException | RuntimeException e) {
            throw new RegistryUnreadableException(file,
                    "it is not a readable .xlsx workbook (" + e.getMessage() + ")", e);
        }
        try (workbook) {
            Sheet sheet = workbook.getSheet(SHEET);
            if (sheet == null) {
                throw new RegistryUnreadableException(file, "it has no sheet named \"" + SHEET + "\"");
            }
            return readSheet(file, sheet);
        } catch (RuntimeException e) {
            throw new RegistryUnreadableException(file, "its sheet cannot be read (" + e.getMessage() + ")", e);
        }
    }

    /** Writes {@code users} as a complete workbook to {@code out} (not closed). */
    static void write(List<User> users, OutputStream out) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            Sheet sheet = workbook.createSheet(SHEET);
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            Row header = sheet.createRow(0);
            for (int c = 0; c < HEADER.size(); c++) {
                Cell cell = header.createCell(c, CellType.STRING);
                cell.setCellValue(HEADER.get(c));
                cell.setCellStyle(bold);
                sheet.setColumnWidth(c, WIDTHS[c] * 256);
            }
            sheet.createFreezePane(0, 1);
            int r = 1;
            for (User user : users) {
                Row row = sheet.createRow(r++);
                text(row, 0, user.name());
                text(row, 1, user.passwordHash());
                text(row, 2, user.home());
                text(row, 3, user.created().toString());
                text(row, 4, user.lastLogin() == null ? "" : user.lastLogin().toString());
            }
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            workbook.write(written);
            withNormalStyle(written.toByteArray(), out);
        }
    }

    /**
     * Copies the workbook to {@code out}, naming its default cell format "Normal" in
     * {@code xl/styles.xml}. POI writes the format but no {@code <cellStyles>}: Excel and
     * LibreOffice supply one, openpyxl warns "Workbook contains no default style" on every open.
     * POI's lite schema has no type for the element, so it goes in as text, after
     * {@code </cellXfs>} where ECMA-376 (18.8.39) puts it.
     */
    static void withNormalStyle(byte[] workbook, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(workbook))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (entry.getName().equals("xl/styles.xml")) {
                    String xml = new String(bytes, StandardCharsets.UTF_8);
                    if (!xml.contains("<cellStyles") && xml.contains("</cellXfs>")) {
                        xml = xml.replace("</cellXfs>", "</cellXfs>" + NORMAL_STYLE);
                    }
                    bytes = xml.getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        zip.finish(); // not close: the caller's stream stays open
    }

    private static final String NORMAL_STYLE =
            "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>";

    private static void text(Row row, int column, String value) {
        row.createCell(column, CellType.STRING).setCellValue(value);
    }

    private static List<User> readSheet(Path file, Sheet sheet) throws RegistryUnreadableException {
        Row header = sheet.getRow(0);
        for (int c = 0; c < HEADER.size(); c++) {
            String found = header == null ? "" : cellText(header.getCell(c)).trim();
            if (!found.equalsIgnoreCase(HEADER.get(c))) {
                throw new RegistryUnreadableException(file, "sheet \"" + SHEET + "\" row 1 must be the header "
                        + String.join(" | ", HEADER) + " but column " + (c + 1) + " is \"" + found + "\"");
            }
        }
        List<User> users = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int r = 1; r <= sheet.getLastRowNum(); r++) {
            Row row = sheet.getRow(r);
            if (row == null || isBlank(row)) {
                continue;
            }
            User user = readRow(file, row);
            if (!keys.add(UserNames.key(user.name()))) {
                throw rowProblem(file, row, "the name \"" + user.name() + "\" appears twice (ignoring case)");
            }
            users.add(user);
        }
        return users;
    }

    private static User readRow(Path file, Row row) throws RegistryUnreadableException {
        String name = cell(file, row, 0);
        if (!UserNames.isValid(name)) {
            throw rowProblem(file, row, "the name is not a valid user name");
        }
        String hash = cell(file, row, 1);
        if (!PasswordHasher.isWellFormed(hash)) {
            // The value itself is not quoted: it is secret-ish, and the shape is what matters.
            throw rowProblem(file, row, "password_hash of \"" + name + "\" is not of the form "
                    + PasswordHasher.SCHEME + "$<iterations>$<salt>$<hash>");
        }
        String home = cell(file, row, 2);
        if (home.isBlank()) {
            throw rowProblem(file, row, "home of \"" + name + "\" is empty");
        }
        Instant created = time(file, row, 3, "created");
        if (created == null) {
            throw rowProblem(file, row, "created of \"" + name + "\" is empty");
        }
        Instant lastLogin = time(file, row, 4, "last_login");
        return new User(name, hash, home, created, lastLogin);
    }

    private static Instant time(Path file, Row row, int column, String what) throws RegistryUnreadableException {
        Cell cell = row.getCell(column);
        if (cell != null && cell.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
            return cell.getLocalDateTimeCellValue().toInstant(ZoneOffset.UTC);
        }
        String text = cell(file, row, column);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw rowProblem(file, row,
                    what + " \"" + text + "\" is not an ISO-8601 UTC time such as 2025-01-31T12:00:00Z");
        }
    }

    private static String cell(Path file, Row row, int column) throws RegistryUnreadableException {
        Cell cell = row.getCell(column);
        if (cell == null || cell.getCellType() == CellType.BLANK || cell.getCellType() == CellType.STRING) {
            return cellText(cell).trim();
        }
        throw rowProblem(file, row, "column " + HEADER.get(column) + " holds a "
                + cell.getCellType().name().toLowerCase(Locale.ROOT) + ", expected text");
    }

    private static String cellText(Cell cell) {
        if (cell == null || cell.getCellType() != CellType.STRING) {
            return "";
        }
        return cell.getStringCellValue();
    }

    private static boolean isBlank(Row row) {
        for (int c = 0; c < HEADER.size(); c++) {
            Cell cell = row.getCell(c);
            if (cell != null && cell.getCellType() != CellType.BLANK
                    && !(cell.getCellType() == CellType.STRING && cell.getStringCellValue().isBlank())) {
                return false;
            }
        }
        return true;
    }

    private static RegistryUnreadableException rowProblem(Path file, Row row, String problem) {
        return new RegistryUnreadableException(file,
                "sheet \"" + SHEET + "\" row " + (row.getRowNum() + 1) + ": " + problem);
    }
}
