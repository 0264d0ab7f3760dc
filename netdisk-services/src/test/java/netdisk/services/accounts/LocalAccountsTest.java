package netdisk.services.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import netdisk.services.accounts.AccountException.Reason;
import netdisk.services.accounts.RegistryWriteHook.Step;
import netdisk.services.storage.Storage;
import netdisk.testkit.MutableClock;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalAccountsTest {

    private static final InetAddress HOME = address("192.0.2.10");
    private static final InetAddress ELSEWHERE = address("198.51.100.7");
    private static final String PBKDF2 = "pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}";

    @TempDir
    Path data;

    private final MutableClock clock = new MutableClock();
    private final AccountSettings settings = AccountSettings.defaults().withIterations(1000).withClock(clock);
    private Storage storage;
    private LocalAccounts accounts;
    /** What the registry's write hook does next: nothing, fail (IOException) or crash (Error). */
    private volatile String writeFault = "none";

    @BeforeEach
    void open() throws IOException {
        storage = Storage.open(data);
        accounts = LocalAccounts.open(storage, settings, (step, temp) -> {
            if (step == Step.TEMP_WRITTEN && writeFault.equals("fail")) {
                throw new IOException("disk full (simulated)");
            }
            if (step == Step.TEMP_WRITTEN && writeFault.equals("crash")) {
                throw new ExcelUserRegistryTest.SimulatedCrash(step);
            }
        });
    }

    private LocalAccounts restarted() throws IOException {
        return LocalAccounts.open(Storage.open(data), settings);
    }

    @Test
    void aNewPasswordReplacesTheOldAndEndsEverySessionOfTheUser() throws Exception {
        accounts.register("alice", "correct horse");
        Session here = accounts.login("alice", "correct horse", HOME);
        Session there = accounts.login("ALICE", "correct horse", ELSEWHERE);
        accounts.register("bob", "bob's password");
        Session bob = accounts.login("bob", "bob's password", HOME);

        accounts.changePassword(here, "correct horse", "battery staple", HOME);

        assertThat(accounts.authenticate(here.token(), HOME)).isEmpty();
        assertThat(accounts.authenticate(there.token(), ELSEWHERE)).isEmpty();
        assertThat(accounts.authenticate(bob.token(), HOME)).as("another user's session").isPresent();
        assertReason(() -> accounts.login("alice", "correct horse", HOME), Reason.AUTH_FAILED);
        assertThat(restarted().login("alice", "battery staple", HOME).user()).isEqualTo("alice");
        assertThat(restarted().find("alice").orElseThrow().passwordHash()).matches(PBKDF2);
    }

    @Test
    void aPasswordChangeNeedsTheCurrentPasswordAndAValidNewOne() throws Exception {
        accounts.register("alice", "correct horse");
        Session session = accounts.login("alice", "correct horse", HOME);

        assertReason(() -> accounts.changePassword(session, "wrong guess", "battery staple", HOME), Reason.AUTH_FAILED);
        assertReason(() -> accounts.changePassword(session, "correct horse", "short", HOME), Reason.PASSWORD_INVALID);

        assertThat(accounts.authenticate(session.token(), HOME)).as("nothing changed").isPresent();
        assertThat(accounts.login("alice", "correct horse", HOME).user()).isEqualTo("alice");
    }

    @Test
    void wrongCurrentPasswordsAreThrottledAsFailedLogins() throws Exception {
        accounts.register("alice", "correct horse");
        Session session = accounts.login("alice", "correct horse", HOME);
        for (int i = 0; i < settings.throttleFailures(); i++) {
            assertReason(() -> accounts.changePassword(session, "guess", "battery staple", HOME), Reason.AUTH_FAILED);
        }
        assertReason(() -> accounts.changePassword(session, "correct horse", "battery staple", HOME),
                Reason.THROTTLED);
        assertReason(() -> accounts.login("alice", "correct horse", HOME), Reason.THROTTLED);
    }

    @Test
    void unregisteringRemovesTheRowTheSessionsAndTheFolderOrKeepsTheFiles() throws Exception {
        accounts.register("alice", "correct horse");
        accounts.register("bob", "bob's password");
        Files.writeString(data.resolve("users/alice/a.txt"), "a");
        Files.writeString(data.resolve("users/bob/b.txt"), "b");
        Session alice = accounts.login("alice", "correct horse", HOME);
        Session bob = accounts.login("bob", "bob's password", HOME);

        assertReason(() -> accounts.unregister(alice, "wrong guess", false, HOME), Reason.AUTH_FAILED);
        accounts.unregister(alice, "correct horse", false, HOME);
        accounts.unregister(bob, "bob's password", true, HOME);

        assertThat(accounts.authenticate(alice.token(), HOME)).isEmpty();
        assertThat(accounts.authenticate(bob.token(), HOME)).isEmpty();
        assertThat(restarted().users()).isEmpty();
        assertThat(data.resolve("users/alice")).doesNotExist();
        // Bob's files are kept for the owner, out of users/: not for the next "bob".
        assertThat(data.resolve("users/bob")).doesNotExist();
        try (var kept = Files.list(data.resolve("kept"))) {
            Path aside = kept.filter(p -> p.getFileName().toString().matches("bob-\\d{8}T\\d{6}Z")).findFirst()
                    .orElseThrow(() -> new AssertionError("no kept/bob-<time> folder"));
            assertThat(aside.resolve("b.txt")).hasContent("b");
        }
        assertReason(() -> accounts.login("alice", "correct horse", HOME), Reason.AUTH_FAILED);
        assertThat(accounts.register("alice", "a new start").name()).as("the name is free again").isEqualTo("alice");
        accounts.register("bob", "another bob's password");
        try (var files = Files.list(data.resolve("users/bob"))) {
            assertThat(files).as("a new bob starts with nothing of the old one's").isEmpty();
        }
    }

    @Test
    void registersAUserWithAFolderAndARowOnDisk() throws Exception {
        User alice = accounts.register("Alice", "correct horse");
        assertThat(alice.name()).isEqualTo("Alice");
        assertThat(alice.home()).isEqualTo("users/Alice");
        assertThat(alice.created()).isEqualTo(clock.instant());
        assertThat(alice.lastLogin()).isNull();
        assertThat(alice.passwordHash()).matches(PBKDF2);
        assertThat(data.resolve("users/Alice")).isDirectory();
        assertThat(accounts.registryFile()).isEqualTo(data.resolve("users.xlsx"));
        assertThat(restarted().users()).containsExactly(alice);
        assertThat(restarted().find("ALICE")).contains(alice);
    }

    @Test
    void fiftyConcurrentRegistrationsAreAllKept() throws Exception {
        int n = 50;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<User>> results = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                String name = "user" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return accounts.register(name, "password-of-" + name);
                }));
            }
            start.countDown();
            for (Future<User> result : results) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            expected.add("user" + i);
        }
        assertThat(restarted().users()).extracting(User::name).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(namesInWorkbook()).containsExactlyInAnyOrderElementsOf(expected);
        for (String name : expected) {
            assertThat(data.resolve("users").resolve(name)).isDirectory();
            assertThat(restarted().login(name, "password-of-" + name, HOME).user()).isEqualTo(name);
        }
    }

    @Test
    void ofTwoConcurrentRegistrationsOfOneNameIgnoringCaseExactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                CountDownLatch start = new CountDownLatch(1);
                String lower = "carol" + round;
                String upper = "CAROL" + round;
                Future<Reason> a = pool.submit(registering(start, lower));
                Future<Reason> b = pool.submit(registering(start, upper));
                start.countDown();
                assertThat(Arrays.asList(a.get(), b.get())).as("round %d", round)
                        .containsExactlyInAnyOrder(null, Reason.NAME_TAKEN);
                assertThat(accounts.users()).filteredOn(u -> u.name().equalsIgnoreCase(lower)).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(namesInWorkbook()).hasSize(5);
    }

    private Callable<Reason> registering(CountDownLatch start, String name) {
        return () -> {
            start.await();
            try {
                accounts.register(name, "password-" + name);
                return null;
            } catch (AccountException e) {
                return e.reason();
            }
        };
    }

    @Test
    void namesAreUniqueIgnoringCase() throws Exception {
        accounts.register("alice", "correct horse");
        assertReason(() -> accounts.register("ALICE", "another password"), Reason.NAME_TAKEN);
        assertThat(accounts.users()).hasSize(1);
    }

    @Test
    void refusesInvalidNamesAndShortPasswordsWithoutTouchingTheDisk() throws Exception {
        byte[] before = Files.readAllBytes(accounts.registryFile());
        for (String name : new String[] {"", "..", "a/b", "x".repeat(33), "émile", "../etc"}) {
            assertReason(() -> accounts.register(name, "correct horse"), Reason.NAME_INVALID);
        }
        assertReason(() -> accounts.register("alice", "short"), Reason.PASSWORD_INVALID);
        assertReason(() -> accounts.register("alice", null), Reason.PASSWORD_INVALID);
        assertThat(accounts.registryFile()).hasBinaryContent(before);
        try (var folders = Files.list(data.resolve("users"))) {
            assertThat(folders).isEmpty();
        }
    }

    @Test
    void theMinimumPasswordLengthIsConfigurable() throws Exception {
        LocalAccounts strict = LocalAccounts.open(storage, settings.withMinPasswordLength(12));
        assertThat(strict.minPasswordLength()).isEqualTo(12);
        assertReason(() -> strict.register("bob", "elevenchars"), Reason.PASSWORD_INVALID);
        strict.register("bob", "twelve chars");
    }

    @Test
    void theWorkbookOpensInPoiAndHoldsNoPassword() throws Exception {
        List<String> passwords = List.of("correct horse battery", "Tr0ub4dor&3", "pässwörd-✓-😀", "12345678");
        for (int i = 0; i < passwords.size(); i++) {
            accounts.register("user" + i, passwords.get(i));
        }
        accounts.login("user0", passwords.get(0), HOME);

        try (InputStream in = Files.newInputStream(accounts.registryFile()); XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet sheet = wb.getSheet("users");
            assertThat(sheet.getLastRowNum()).isEqualTo(passwords.size());
            for (int r = 1; r <= passwords.size(); r++) {
                assertThat(sheet.getRow(r).getCell(1).getStringCellValue()).matches(PBKDF2);
            }
        }
        for (Path file : List.of(accounts.registryFile(), data.resolve("users.xlsx.bak"))) {
            String xml = unzippedText(file);
            assertThat(xml).contains("user0").contains("pbkdf2-sha256$1000$");
            for (String password : passwords) {
                assertThat(xml).doesNotContain(password);
                assertThat(xml).doesNotContain(password.replace("&", "&amp;"));
            }
        }
    }

    @Test
    void logsInAndAuthenticatesFromTheSameAddress() throws Exception {
        accounts.register("Alice", "correct horse");
        Session session = accounts.login("alice", "correct horse", HOME);
        assertThat(session.user()).isEqualTo("Alice");
        assertThat(session.address()).isEqualTo(HOME);
        assertThat(session.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(12)));
        assertThat(session.token()).matches("[A-Za-z0-9_-]{43}");
        assertThat(accounts.authenticate(session.token(), HOME)).contains(session);
    }

    @Test
    void recordsTheLastLoginInTheRegistry() throws Exception {
        accounts.register("alice", "correct horse");
        clock.advance(Duration.ofMinutes(3));
        accounts.login("alice", "correct horse", HOME);
        assertThat(restarted().find("alice")).hasValueSatisfying(
                u -> assertThat(u.lastLogin()).isEqualTo(clock.instant()));
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() throws Exception {
        accounts.register("alice", "correct horse");
        AccountException wrong = refused(() -> accounts.login("alice", "wrong horse", HOME));
        AccountException unknown = refused(() -> accounts.login("mallory", "correct horse", HOME));
        AccountException invalidName = refused(() -> accounts.login("../etc", "correct horse", HOME));
        AccountException noPassword = refused(() -> accounts.login("alice", null, HOME));
        for (AccountException e : List.of(wrong, unknown, invalidName, noPassword)) {
            assertThat(e.reason()).isEqualTo(Reason.AUTH_FAILED);
            assertThat(e.getMessage()).isEqualTo(wrong.getMessage()).doesNotContain("horse");
        }
    }

    @Test
    void anExpiredTokenIsRefused() throws Exception {
        LocalAccounts shortLived = LocalAccounts.open(storage, settings.withTokenLifetime(Duration.ofMinutes(10)));
        shortLived.register("alice", "correct horse");
        Session session = shortLived.login("alice", "correct horse", HOME);
        clock.advance(Duration.ofMinutes(9));
        assertThat(shortLived.authenticate(session.token(), HOME)).isPresent();
        clock.advance(Duration.ofMinutes(1));
        assertThat(shortLived.authenticate(session.token(), HOME)).isEmpty();
    }

    @Test
    void aTokenFromAnotherAddressIsRefused() throws Exception {
        accounts.register("alice", "correct horse");
        Session session = accounts.login("alice", "correct horse", HOME);
        assertThat(accounts.authenticate(session.token(), ELSEWHERE)).isEmpty();
    }

    @Test
    void logoutRevokesTheToken() throws Exception {
        accounts.register("alice", "correct horse");
        Session session = accounts.login("alice", "correct horse", HOME);
        Session other = accounts.login("alice", "correct horse", HOME);
        accounts.logout(session.token());
        accounts.logout("unknown");
        assertThat(accounts.authenticate(session.token(), HOME)).isEmpty();
        assertThat(accounts.authenticate(other.token(), HOME)).isPresent();
    }

    @Test
    void sessionsDoNotSurviveARestart() throws Exception {
        accounts.register("alice", "correct horse");
        Session session = accounts.login("alice", "correct horse", HOME);
        assertThat(restarted().authenticate(session.token(), HOME)).isEmpty();
    }

    @Test
    void throttlesRepeatedFailuresFromOneAddressEvenWithTheRightPassword() throws Exception {
        accounts.register("alice", "correct horse");
        for (int i = 0; i < 5; i++) {
            assertReason(() -> accounts.login("alice", "wrong horse", ELSEWHERE), Reason.AUTH_FAILED);
        }
        AccountException throttled = refused(() -> accounts.login("alice", "correct horse", ELSEWHERE));
        assertThat(throttled.reason()).isEqualTo(Reason.THROTTLED);
        assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        // A refused attempt is not a failure: it does not lengthen the lock.
        assertReason(() -> accounts.login("alice", "wrong horse", ELSEWHERE), Reason.THROTTLED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(accounts.login("alice", "correct horse", ELSEWHERE).user()).isEqualTo("alice");
    }

    /** Hardening finding 7: failures from another address do not lock the owner out of their own. */
    @Test
    void aGuesserElsewhereDoesNotLockTheOwnerOut() throws Exception {
        accounts.register("alice", "correct horse");
        for (int i = 0; i < 5; i++) {
            assertReason(() -> accounts.login("alice", "wrong horse", ELSEWHERE), Reason.AUTH_FAILED);
        }
        assertThat(accounts.login("alice", "correct horse", HOME).user()).isEqualTo("alice");
        assertReason(() -> accounts.login("alice", "correct horse", ELSEWHERE), Reason.THROTTLED);
    }

    /** Hardening finding 8: registrations from one address are limited; others are not. */
    @Test
    void registrationsFromOneAddressBeyondItsAllowanceAreThrottled() throws Exception {
        LocalAccounts limited = LocalAccounts.open(storage, settings.withRegistrationLimit(2, Duration.ofSeconds(6)));
        limited.register("reg1", "correct horse", ELSEWHERE);
        assertReason(() -> limited.register("reg1", "correct horse", ELSEWHERE), Reason.NAME_TAKEN); // free
        limited.register("reg2", "correct horse", ELSEWHERE);

        AccountException throttled = refused(() -> limited.register("reg3", "correct horse", ELSEWHERE));
        assertThat(throttled.reason()).isEqualTo(Reason.THROTTLED);
        assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(6));
        assertThat(limited.register("reg3", "correct horse", HOME).name()).isEqualTo("reg3");
        clock.advance(Duration.ofSeconds(6));
        assertThat(limited.register("reg4", "correct horse", ELSEWHERE).name()).isEqualTo("reg4");
    }

    @Test
    void throttlesAnAddressGuessingManyNames() throws Exception {
        accounts.register("alice", "correct horse");
        for (int i = 0; i < 5; i++) {
            assertReason(() -> accounts.login("nobody" + System.nanoTime(), "guess", HOME), Reason.AUTH_FAILED);
        }
        AccountException throttled = refused(() -> accounts.login("alice", "correct horse", HOME));
        assertThat(throttled.reason()).isEqualTo(Reason.THROTTLED);
        assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(accounts.login("alice", "correct horse", ELSEWHERE)).isNotNull();
    }

    @Test
    void aRegistrationWhoseRowCannotBeWrittenLeavesNothingBehind() throws Exception {
        accounts.register("alice", "correct horse");
        byte[] before = Files.readAllBytes(accounts.registryFile());
        writeFault = "fail";
        AccountException e = refused(() -> accounts.register("bob", "bobs password"));
        assertThat(e.reason()).isEqualTo(Reason.STORE_FAILED);
        assertThat(e.getMessage()).doesNotContain("bobs password");
        assertThat(accounts.find("bob")).isEmpty();
        assertThat(data.resolve("users/bob")).doesNotExist();
        assertThat(accounts.registryFile()).hasBinaryContent(before);

        writeFault = "none";
        accounts.register("bob", "bobs password");
        assertThat(restarted().users()).extracting(User::name).containsExactly("alice", "bob");
    }

    @Test
    void aCrashDuringRegistrationLeavesARegistryTheNextServerLoads() throws Exception {
        accounts.register("alice", "correct horse");
        writeFault = "crash";
        assertThatThrownBy(() -> accounts.register("bob", "bobs password"))
                .isInstanceOf(ExcelUserRegistryTest.SimulatedCrash.class);

        LocalAccounts next = restarted();
        assertThat(next.users()).extracting(User::name).containsExactly("alice");
        assertThat(next.login("alice", "correct horse", HOME).user()).isEqualTo("alice");
        next.register("bob", "bobs password"); // the empty folder the crash left is taken over
        assertThat(next.users()).extracting(User::name).containsExactly("alice", "bob");
    }

    @Test
    void aCorruptRegistryStopsStartupAndIsNotOverwritten() throws Exception {
        byte[] garbage = "PK\u0003\u0004 definitely not a workbook".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(accounts.registryFile(), garbage);
        assertThatThrownBy(this::restarted)
                .isInstanceOf(RegistryUnreadableException.class)
                .hasMessageContaining("users.xlsx")
                .hasMessageContaining("not modified");
        assertThat(accounts.registryFile()).hasBinaryContent(garbage);
    }

    private List<String> namesInWorkbook() throws IOException {
        List<String> names = new ArrayList<>();
        try (InputStream in = Files.newInputStream(data.resolve("users.xlsx"));
                XSSFWorkbook wb = new XSSFWorkbook(in)) {
            Sheet sheet = wb.getSheet("users");
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                names.add(row.getCell(0).getStringCellValue());
            }
        }
        return names;
    }

    /** Every entry of the xlsx zip, inflated and decoded as UTF-8. */
    private static String unzippedText(Path xlsx) throws IOException {
        StringBuilder text = new StringBuilder();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(xlsx))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                zip.transferTo(bytes);
                text.append(bytes.toString(StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }

    private interface Action {
        void run() throws Exception;
    }

    private static AccountException refused(Action action) {
        try {
            action.run();
        } catch (AccountException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected an AccountException", e);
        }
        throw new AssertionError("expected an AccountException, but it succeeded");
    }

    private static void assertReason(Action action, Reason reason) {
        assertThat(refused(action).reason()).isEqualTo(reason);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
