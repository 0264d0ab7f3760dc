package netdisk.tests.services;

import static netdisk.tests.services.RunningServer.passwordOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import netdisk.services.accounts.RegistryUnreadableException;
import netdisk.services.client.NetdiskClient;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * users.xlsx as the server leaves it, read with plain Apache POI after the server is stopped:
 * concurrent registrations all recorded, no password in the file, a crash mid-write harmless, a
 * corrupt workbook refused and left untouched.
 */
@Timeout(120)
class RegistryEndToEndTest {

    private static final String HASH_SHAPE = "pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+";

    @TempDir
    Path dir;

    private Path data() {
        return dir.resolve("data");
    }

    @Test
    void fiftyConcurrentRegistrationsGiveFiftyRowsAndEveryUserLogsInAfterARestart() throws Exception {
        List<String> names = IntStream.range(0, 50).mapToObj(i -> String.format("user%02d", i)).toList();
        try (RunningServer server = RunningServer.start(data())) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<String>> registered = new ArrayList<>();
            // One control connection per registration, all open before any registers.
            List<NetdiskClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < names.size(); i++) {
                    clients.add(server.client());
                }
                try (ExecutorService pool = Executors.newFixedThreadPool(names.size())) {
                    for (int i = 0; i < names.size(); i++) {
                        NetdiskClient client = clients.get(i);
                        String name = names.get(i);
                        registered.add(pool.submit(() -> {
                            go.await();
                            return client.register(name, passwordOf(name));
                        }));
                    }
                    go.countDown();
                    for (Future<String> f : registered) {
                        f.get(60, TimeUnit.SECONDS);
                    }
                }
            } finally {
                clients.forEach(NetdiskClient::close);
            }
            assertThat(registered).extracting(Future::resultNow).containsExactlyInAnyOrderElementsOf(names);
            assertThat(server.server().registeredUsers()).isEqualTo(50);

            server.stop();
            Map<String, String> rows = readRows(server.registry());
            assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(names);
            assertThat(rows.values()).allSatisfy(hash -> assertThat(hash).matches(HASH_SHAPE));
            assertThat(names).allSatisfy(name -> assertThat(server.userFolder(name)).isDirectory());

            server.restart();
            try (NetdiskClient client = server.client()) {
                for (String name : names) {
                    assertThat(client.login(name, passwordOf(name)).user()).isEqualTo(name);
                }
            }
        }
    }

    @Test
    void concurrentRegistrationsOfOneNameInDifferentCasesRecordExactlyOne() throws Exception {
        List<String> spellings = List.of("carol", "Carol", "CAROL", "cArOl", "caroL", "CaRoL", "carOL", "CARol");
        List<String> outcomes = new ArrayList<>();
        try (RunningServer server = RunningServer.start(data())) {
            CountDownLatch go = new CountDownLatch(1);
            List<NetdiskClient> clients = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(spellings.size())) {
                List<Future<String>> futures = new ArrayList<>();
                for (String name : spellings) {
                    NetdiskClient client = server.client();
                    clients.add(client);
                    futures.add(pool.submit(() -> {
                        go.await();
                        try {
                            return "registered " + client.register(name, passwordOf("carol"));
                        } catch (netdisk.services.client.ControlException e) {
                            return e.code();
                        }
                    }));
                }
                go.countDown();
                for (Future<String> f : futures) {
                    outcomes.add(f.get(60, TimeUnit.SECONDS));
                }
            } finally {
                clients.forEach(NetdiskClient::close);
            }
        }
        assertThat(outcomes).filteredOn(o -> o.startsWith("registered")).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !o.startsWith("registered")).hasSize(spellings.size() - 1)
                .containsOnly("NAME_TAKEN");
        assertThat(readRows(data().resolve("users.xlsx"))).hasSize(1);
        assertThat(Folders.names(data().resolve("users"))).hasSize(1);
    }

    @Test
    void theWorkbookOpensInPoiAndHoldsNoPassword() throws Exception {
        List<String> names = List.of("alice", "bob", "carol.d", "Eve_99");
        try (RunningServer server = RunningServer.start(data());
                NetdiskClient client = server.client()) {
            for (String name : names) {
                client.register(name, passwordOf(name));
                client.login(name, passwordOf(name)); // a second write: last_login
            }
        }
        Path registry = data().resolve("users.xlsx");
        Map<String, String> rows = readRows(registry);
        assertThat(rows.keySet()).containsExactlyElementsOf(names);
        assertThat(rows.values()).allSatisfy(hash -> assertThat(hash).matches(HASH_SHAPE));
        assertThat(rows.values()).doesNotHaveDuplicates(); // a random salt each

        // The workbook and its backup, unzipped: every part as text, passwords searched for in it.
        for (Path file : List.of(registry, data().resolve("users.xlsx.bak"))) {
            String xml = unzippedText(file);
            assertThat(xml).contains("pbkdf2-sha256$");
            for (String name : names) {
                assertThat(xml).as("%s in %s", name, file.getFileName()).doesNotContain(new String(passwordOf(name)));
                assertThat(xml).doesNotContain("Tr0ub4dor");
            }
        }
    }

    @Test
    void aCrashBetweenTempWriteAndRenameLeavesAValidRegistry() throws Exception {
        List<String> names = List.of("alice", "bob", "carol");
        try (RunningServer server = RunningServer.start(data())) {
            for (String name : names) {
                server.registerAndLogin(name);
            }
        }
        Path registry = data().resolve("users.xlsx");
        byte[] before = Files.readAllBytes(registry);
        // What a crash leaves at each step of the write protocol (ExcelUserRegistry): a complete
        // new workbook in a temp file not yet renamed (registering "ghost", which the crash then
        // never finished), a half-written one, and a half-copied backup.
        Files.write(data().resolve("users.xlsx.1234567890.tmp"), withExtraRow(before, "ghost"));
        Files.write(data().resolve("users.xlsx.987654321.tmp"), Arrays.copyOf(before, before.length / 2));
        Files.write(data().resolve("users.xlsx.bak.tmp"), Arrays.copyOf(before, before.length / 3));

        try (RunningServer server = RunningServer.start(data());
                NetdiskClient client = server.client()) {
            assertThat(server.server().registeredUsers()).isEqualTo(3);
            for (String name : names) {
                assertThat(client.login(name, passwordOf(name)).user()).isEqualTo(name);
            }
            // The leftovers are gone and the registry is writable again.
            assertThat(Folders.names(data())).doesNotContain("users.xlsx.1234567890.tmp", "users.xlsx.987654321.tmp",
                    "users.xlsx.bak.tmp");
            assertThat(EndToEndTransfersTest.codeOf(() -> client.login("ghost", passwordOf("alice"))))
                    .isEqualTo("AUTH_FAILED");
            client.register("dave", passwordOf("dave"));
        }
        assertThat(readRows(registry).keySet()).containsExactly("alice", "bob", "carol", "dave");
        assertThat(Folders.names(data())).containsExactlyInAnyOrder("users.xlsx", "users.xlsx.bak", "users", "public",
                ".netdisk.lock");
    }

    @Test
    void aCorruptWorkbookStopsTheServerAndIsLeftUntouched() throws Exception {
        try (RunningServer server = RunningServer.start(data())) {
            server.registerAndLogin("alice");
        }
        Path registry = data().resolve("users.xlsx");
        byte[] valid = Files.readAllBytes(registry);
        // Torn in the middle, as a copy by hand might leave it.
        byte[] corrupt = Arrays.copyOf(valid, valid.length / 2);
        Files.write(registry, corrupt);
        FileTime mtime = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(registry, mtime);
        byte[] backup = Files.readAllBytes(data().resolve("users.xlsx.bak"));

        assertThatThrownBy(() -> RunningServer.start(data()))
                .isInstanceOf(RegistryUnreadableException.class)
                .hasMessageContaining("users.xlsx").hasMessageContaining("not modified");

        assertThat(Files.readAllBytes(registry)).isEqualTo(corrupt);
        assertThat(Files.getLastModifiedTime(registry)).isEqualTo(mtime);
        assertThat(Files.readAllBytes(data().resolve("users.xlsx.bak"))).isEqualTo(backup);

        // Not a workbook at all, and an empty file: the same.
        for (byte[] junk : List.of("name,password_hash\nalice,x\n".getBytes(StandardCharsets.UTF_8), new byte[0])) {
            Files.write(registry, junk);
            assertThatThrownBy(() -> RunningServer.start(data())).isInstanceOf(RegistryUnreadableException.class);
            assertThat(Files.readAllBytes(registry)).isEqualTo(junk);
        }
    }

    /** name -> password_hash, read with plain POI (sheet "users", header on row 1). */
    static Map<String, String> readRows(Path registry) throws IOException {
        Map<String, String> rows = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(registry);
                XSSFWorkbook workbook = new XSSFWorkbook(in)) {
            Sheet sheet = workbook.getSheet("users");
            assertThat(sheet).as("sheet \"users\"").isNotNull();
            Row header = sheet.getRow(0);
            assertThat(header.getCell(0).getStringCellValue()).isEqualTo("name");
            assertThat(header.getCell(1).getStringCellValue()).isEqualTo("password_hash");
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                Cell name = row.getCell(0);
                Cell hash = row.getCell(1);
                assertThat(name.getCellType()).isEqualTo(CellType.STRING);
                assertThat(hash.getCellType()).isEqualTo(CellType.STRING);
                assertThat(rows.put(name.getStringCellValue(), hash.getStringCellValue())).as("duplicate row").isNull();
            }
        }
        return rows;
    }

    /** {@code workbook} with one more row: {@code name}, and the first row's hash, home and times. */
    static byte[] withExtraRow(byte[] workbook, String name) throws IOException {
        try (XSSFWorkbook book = new XSSFWorkbook(new java.io.ByteArrayInputStream(workbook))) {
            Sheet sheet = book.getSheet("users");
            Row first = sheet.getRow(1);
            Row extra = sheet.createRow(sheet.getLastRowNum() + 1);
            extra.createCell(0).setCellValue(name);
            for (int c = 1; c < 5; c++) {
                extra.createCell(c).setCellValue(first.getCell(c).getStringCellValue());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            book.write(out);
            return out.toByteArray();
        }
    }

    /** Every entry of a zip (an .xlsx) decoded as UTF-8 and concatenated. */
    static String unzippedText(Path file) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                zip.transferTo(all);
                all.write('\n');
            }
        }
        return all.toString(StandardCharsets.UTF_8);
    }
}
