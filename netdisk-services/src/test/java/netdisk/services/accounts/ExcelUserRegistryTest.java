package netdisk.services.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import netdisk.services.accounts.RegistryWriteHook.Step;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ExcelUserRegistryTest {

    private static final String HASH = new PasswordHasher(10).hash("password1");
    private static final Instant T0 = Instant.parse("2025-01-31T12:00:00Z");

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("users.xlsx");
    }

    private static User user(String name) {
        return new User(name, HASH, "users/" + name, T0, null);
    }

    /** Thrown by the hook like a power cut: an Error, so the registry does not clean up. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash(Step step) {
            super("simulated crash at " + step);
        }
    }

    /** openpyxl warned "Workbook contains no default style" on every open of a registry. */
    @Test
    void theWorkbookNamesItsDefaultStyleNormalAndPoiStillReadsItBack() throws Exception {
        ExcelUserRegistry registry = ExcelUserRegistry.open(file());
        registry.add(user("alice"));

        String styles;
        try (var zip = new java.util.zip.ZipFile(file().toFile())) {
            styles = new String(zip.getInputStream(zip.getEntry("xl/styles.xml")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(styles).containsOnlyOnce("<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>");
        assertThat(styles.indexOf("<cellStyles")).isGreaterThan(styles.indexOf("</cellXfs>"));
        assertThat(ExcelUserRegistry.open(file()).users()).extracting(User::name).containsExactly("alice");
    }

    @Test
    void createsAnEmptyWorkbookWithTheHeaderWhenThereIsNone() throws Exception {
        ExcelUserRegistry registry = ExcelUserRegistry.open(file());
        assertThat(registry.users()).isEmpty();
        try (InputStream in = Files.newInputStream(file()); XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            Row header = workbook.getSheet("users").getRow(0);
            assertThat(List.of(0, 1, 2, 3, 4).stream().map(c -> header.getCell(c).getStringCellValue()))
                    .containsExactly("name", "password_hash", "home", "created", "last_login");
        }
    }

    @Test
    void writesEveryChangeThroughAndReloadsIt() throws Exception {
        ExcelUserRegistry registry = ExcelUserRegistry.open(file());
        assertThat(registry.add(user("alice"))).isTrue();
        assertThat(registry.add(user("bob"))).isTrue();
        Instant login = T0.plusSeconds(60);
        assertThat(registry.update("ALICE", u -> new User(u.name(), u.passwordHash(), u.home(), u.created(), login)))
                .hasValueSatisfying(u -> assertThat(u.lastLogin()).isEqualTo(login));

        ExcelUserRegistry reloaded = ExcelUserRegistry.open(file());
        assertThat(reloaded.users()).containsExactly(
                new User("alice", HASH, "users/alice", T0, login), user("bob"));
        assertThat(reloaded.find("Bob")).contains(user("bob"));
    }

    @Test
    void refusesASecondUserOfTheSameNameIgnoringCase() throws Exception {
        ExcelUserRegistry registry = ExcelUserRegistry.open(file());
        registry.add(user("alice"));
        byte[] before = Files.readAllBytes(file());
        assertThat(registry.add(user("Alice"))).isFalse();
        assertThat(Files.readAllBytes(file())).isEqualTo(before);
        assertThat(registry.users()).containsExactly(user("alice"));
    }

    @Test
    void keepsThePreviousVersionAsBak() throws Exception {
        ExcelUserRegistry registry = ExcelUserRegistry.open(file());
        registry.add(user("alice"));
        byte[] withAlice = Files.readAllBytes(file());
        registry.add(user("bob"));
        assertThat(dir.resolve("users.xlsx.bak")).hasBinaryContent(withAlice);
        Files.copy(dir.resolve("users.xlsx.bak"), dir.resolve("restored.xlsx"));
        assertThat(ExcelUserRegistry.open(dir.resolve("restored.xlsx")).users()).containsExactly(user("alice"));
    }

    @Test
    void theRegistryAndItsBackupAreReadableByTheOwnerOnly() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        ExcelUserRegistry registry = ExcelUserRegistry.open(file());
        registry.add(user("alice"));
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
        assertThat(Files.getPosixFilePermissions(file())).isEqualTo(ownerOnly);
        assertThat(Files.getPosixFilePermissions(dir.resolve("users.xlsx.bak"))).isEqualTo(ownerOnly);
    }

    @Test
    void removesAUser() throws Exception {
        ExcelUserRegistry registry = ExcelUserRegistry.open(file());
        registry.add(user("alice"));
        registry.add(user("bob"));
        assertThat(registry.remove("ALICE")).isTrue();
        assertThat(registry.remove("nobody")).isFalse();
        assertThat(ExcelUserRegistry.open(file()).users()).containsExactly(user("bob"));
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void aCrashBetweenTempWriteAndRenameLeavesTheOldRegistryValid(Step crashAt) throws Exception {
        ExcelUserRegistry.open(file()).add(user("alice"));
        byte[] before = Files.readAllBytes(file());
        ExcelUserRegistry crashing = ExcelUserRegistry.open(file(), (step, temp) -> {
            if (step == crashAt) {
                throw new SimulatedCrash(step);
            }
        });

        assertThatThrownBy(() -> crashing.add(user("bob"))).isInstanceOf(SimulatedCrash.class);

        assertThat(file()).hasBinaryContent(before);
        assertThat(temporaries()).isNotEmpty(); // what the crash left behind
        ExcelUserRegistry restarted = ExcelUserRegistry.open(file());
        assertThat(restarted.users()).containsExactly(user("alice"));
        assertThat(temporaries()).isEmpty();
        assertThat(restarted.add(user("bob"))).isTrue();
        assertThat(ExcelUserRegistry.open(file()).users()).containsExactly(user("alice"), user("bob"));
    }

    @ParameterizedTest
    @EnumSource(Step.class)
    void aFailedWriteChangesNothingAndCleansUp(Step failAt) throws Exception {
        ExcelUserRegistry.open(file()).add(user("alice"));
        byte[] before = Files.readAllBytes(file());
        ExcelUserRegistry failing = ExcelUserRegistry.open(file(), (step, temp) -> {
            if (step == failAt) {
                throw new IOException("disk full (simulated)");
            }
        });

        assertThatThrownBy(() -> failing.add(user("bob"))).isInstanceOf(IOException.class);

        assertThat(failing.find("bob")).isEmpty();
        assertThat(failing.users()).containsExactly(user("alice"));
        assertThat(file()).hasBinaryContent(before);
        assertThat(temporaries()).isEmpty();
    }

    @Test
    void refusesGarbageBytesAndLeavesThemAlone() throws Exception {
        Files.write(file(), "this is not a workbook".getBytes());
        assertUnreadable("not a readable .xlsx");
    }

    @Test
    void refusesAZeroByteFile() throws Exception {
        Files.createFile(file());
        assertUnreadable("empty");
    }

    @Test
    void refusesAWorkbookWithoutTheUsersSheet() throws Exception {
        workbook(wb -> wb.createSheet("people").createRow(0).createCell(0).setCellValue("name"));
        assertUnreadable("no sheet named \"users\"");
    }

    @Test
    void refusesAWrongHeader() throws Exception {
        workbook(wb -> row(wb.createSheet("users"), 0, "name", "password", "home", "created", "last_login"));
        assertUnreadable("column 2");
    }

    @Test
    void refusesABadRowNamingIt() throws Exception {
        workbook(wb -> {
            Sheet sheet = header(wb);
            row(sheet, 1, "alice", HASH, "users/alice", T0.toString(), "");
            row(sheet, 2, "bob", "hunter22", "users/bob", T0.toString(), "");
        });
        assertUnreadable("row 3: password_hash of \"bob\"");
    }

    @Test
    void refusesABadTimeAnInvalidNameAndADuplicate() throws Exception {
        workbook(wb -> row(header(wb), 1, "alice", HASH, "users/alice", "yesterday", ""));
        assertUnreadable("row 2: created \"yesterday\"");
        Files.delete(file());
        workbook(wb -> row(header(wb), 1, "a/b", HASH, "users/a", T0.toString(), ""));
        assertUnreadable("row 2: the name is not a valid user name");
        Files.delete(file());
        workbook(wb -> {
            Sheet sheet = header(wb);
            row(sheet, 1, "alice", HASH, "users/alice", T0.toString(), "");
            row(sheet, 2, "ALICE", HASH, "users/ALICE", T0.toString(), "");
        });
        assertUnreadable("row 3: the name \"ALICE\" appears twice");
    }

    @Test
    void skipsEmptyRowsAPersonLeftInTheSheet() throws Exception {
        workbook(wb -> {
            Sheet sheet = header(wb);
            row(sheet, 1, "alice", HASH, "users/alice", T0.toString(), "");
            row(sheet, 2, "", "", "", "", "");
            row(sheet, 4, "bob", HASH, "users/bob", T0.toString(), T0.plusSeconds(5).toString());
        });
        assertThat(ExcelUserRegistry.open(file()).users()).extracting(User::name).containsExactly("alice", "bob");
    }

    @Test
    void refusesToStartEmptyWhenTheFileIsMissingButABackupExists() throws Exception {
        ExcelUserRegistry registry = ExcelUserRegistry.open(file());
        registry.add(user("alice"));
        registry.add(user("bob"));
        Files.delete(file());
        assertThatThrownBy(() -> ExcelUserRegistry.open(file()))
                .isInstanceOf(RegistryUnreadableException.class)
                .hasMessageContaining("users.xlsx.bak exists");
        assertThat(file()).doesNotExist();
    }

    private void assertUnreadable(String problem) throws IOException {
        byte[] before = Files.readAllBytes(file());
        assertThatThrownBy(() -> ExcelUserRegistry.open(file()))
                .isInstanceOf(RegistryUnreadableException.class)
                .hasMessageContaining(file().toString())
                .hasMessageContaining(problem)
                .hasMessageContaining("not modified");
        assertThat(file()).hasBinaryContent(before);
        assertThat(dir.resolve("users.xlsx.bak")).doesNotExist();
    }

    private List<Path> temporaries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    private void workbook(Consumer<XSSFWorkbook> fill) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(); OutputStream out = Files.newOutputStream(file())) {
            fill.accept(wb);
            wb.write(out);
        }
    }

    private static Sheet header(XSSFWorkbook wb) {
        Sheet sheet = wb.createSheet("users");
        row(sheet, 0, "name", "password_hash", "home", "created", "last_login");
        return sheet;
    }

    private static void row(Sheet sheet, int index, String... values) {
        Row row = sheet.createRow(index);
        for (int c = 0; c < values.length; c++) {
            row.createCell(c).setCellValue(values[c]);
        }
    }
}
