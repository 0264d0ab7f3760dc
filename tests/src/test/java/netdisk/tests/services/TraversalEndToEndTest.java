package netdisk.tests.services;

import static netdisk.tests.services.EndToEndTransfersTest.codeOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import netdisk.services.client.ControlClient;
import netdisk.services.client.DownloadOptions;
import netdisk.services.client.RemoteFile;
import netdisk.services.client.TransferException;
import netdisk.services.client.UdpTransfers;
import netdisk.services.client.UploadOptions;
import netdisk.testkit.TestData;
import netdisk.udp.packet.ErrorCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names that try to leave the user's folder, through every entry point that takes a name (control
 * stat, rm, download, upload; UDP get and put with a token): all refused, and nothing outside the
 * folder is read, written or deleted — checked on canary files' bytes and modification times, and
 * on a snapshot of everything outside the folder.
 */
@Timeout(120)
class TraversalEndToEndTest {

    private static final byte[] SECRET = "the canary's secret\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private RunningServer server;
    private String token;
    private Path home;
    private Path outside;
    private Path upload;

    @BeforeEach
    void start() throws IOException {
        server = RunningServer.start(dir.resolve("data"));
        token = server.registerAndLogin("alice");
        server.registerAndLogin("bob");
        home = server.userFolder("alice");
        outside = Files.createDirectories(dir.resolve("outside"));
        // Canaries where each kind of escape would land.
        for (Path canary : List.of(outside.resolve("secret.txt"), server.data().resolve("users/x"),
                server.data().resolve("x"), server.userFolder("bob").resolve("x"))) {
            Files.write(canary, SECRET);
            Files.setLastModifiedTime(canary, FileTime.fromMillis(1_500_000_000_000L));
        }
        upload = TestData.write(dir.resolve("upload.bin"), TestData.randomBytes(2000, 1));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Names refused by their spelling alone. */
    private List<String> badNames() {
        List<String> names = new ArrayList<>(List.of("../x", "../../x", "../bob/x", "..", ".", "",
                outside.resolve("secret.txt").toString(), "a/b", "a\\b", "..\\x", "ctl\u0001x", "tab\tx", "del\u007fx",
                "line\nx"));
        return names;
    }

    @Test
    void badNamesAreRefusedThroughEveryControlOperation() throws IOException {
        Map<String, String> before = Folders.snapshot(dir, home);
        List<String> names = new ArrayList<>(badNames());
        names.add("nul\u0000x");
        names.add("/etc/passwd"); // read-only operations only: never risk writing a system file
        try (ControlClient control = server.control()) {
            for (String name : names) {
                String shown = name.replace("\u0000", "\\0").replace("\n", "\\n");
                assertThat(codeOf(() -> control.stat(token, name))).as("stat %s", shown).isEqualTo("FILE_NAME_INVALID");
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                assertThat(codeOf(() -> control.download(token, name, 0, received, null))).as("download %s", shown)
                        .isEqualTo("FILE_NAME_INVALID");
                assertThat(received.size()).isZero();
                if (name.equals("/etc/passwd")) {
                    continue;
                }
                assertThat(codeOf(() -> control.rm(token, name))).as("rm %s", shown).isEqualTo("FILE_NAME_INVALID");
                assertThat(codeOf(() -> control.upload(token, name, upload, null))).as("upload %s", shown)
                        .isEqualTo("FILE_NAME_INVALID");
            }
            assertThat(control.ls(token)).isEmpty();
        }
        assertNothingOutsideChanged(before);
        assertThat(Folders.names(home)).isEmpty();
    }

    @Test
    void badNamesAreRefusedOverUdp() throws IOException {
        Map<String, String> before = Folders.snapshot(dir, home);
        UdpTransfers udp = new UdpTransfers();
        List<String> names = new ArrayList<>(badNames());
        names.remove(""); // an empty name cannot be sent in a TFTP request at all
        // A NUL cannot be sent either: it ends the file name on the wire (RFC 1350 §5).
        for (String name : names) {
            String shown = name.replace("\n", "\\n");
            Path local = dir.resolve("got.bin");
            assertRefused("get " + shown, () -> udp.get(server.udpAddress(), token, name, local,
                    DownloadOptions.unverified(), null));
            assertThat(local).doesNotExist();
            assertRefused("put " + shown, () -> udp.put(server.udpAddress(), token, upload, name,
                    UploadOptions.defaults(), null));
        }
        assertRefused("get /etc/passwd", () -> udp.get(server.udpAddress(), token, "/etc/passwd", dir.resolve("got.bin"),
                DownloadOptions.unverified(), null));
        assertNothingOutsideChanged(before);
        assertThat(Folders.names(home)).isEmpty();
    }

    @Test
    void aSymlinkPointingOutsideIsNeitherReadNorWrittenThrough() throws IOException {
        Path secret = outside.resolve("secret.txt");
        for (String link : List.of("link-read", "link-tcp", "link-udp", "link-rm")) {
            Files.createSymbolicLink(home.resolve(link), secret);
        }
        Files.createSymbolicLink(home.resolve("dir-link"), outside);
        Map<String, String> before = Folders.snapshot(dir, home);
        UdpTransfers udp = new UdpTransfers();
        try (ControlClient control = server.control()) {
            // Reads through the link: refused everywhere, no byte of the canary sent.
            for (String name : List.of("link-read", "dir-link")) {
                assertThat(codeOf(() -> control.stat(token, name))).as("stat " + name).isEqualTo("FILE_NAME_INVALID");
                ByteArrayOutputStream received = new ByteArrayOutputStream();
                assertThat(codeOf(() -> control.download(token, name, 0, received, null))).as("download " + name)
                        .isEqualTo("FILE_NAME_INVALID");
                assertThat(received.size()).isZero();
                assertRefused("get " + name, () -> udp.get(server.udpAddress(), token, name, dir.resolve("got.bin"),
                        DownloadOptions.unverified(), null));
                assertThat(dir.resolve("got.bin")).doesNotExist();
            }
            assertThat(control.ls(token)).extracting(RemoteFile::name).isEmpty();

            // Writes replace the link itself (an upload renames a new file onto the entry): the
            // target is never written through.
            control.upload(token, "link-tcp", upload, null);
            udp.put(server.udpAddress(), token, upload, "link-udp", UploadOptions.defaults(), null);
            for (String name : List.of("link-tcp", "link-udp")) {
                assertThat(Files.isSymbolicLink(home.resolve(name))).as(name).isFalse();
                assertThat(Files.readAllBytes(home.resolve(name))).isEqualTo(Files.readAllBytes(upload));
            }

            // rm removes the link, not what it points to.
            control.rm(token, "link-rm");
            assertThat(home.resolve("link-rm")).doesNotExist();
            assertThat(Files.exists(home.resolve("link-rm"), LinkOption.NOFOLLOW_LINKS)).isFalse();
            assertThat(control.ls(token)).extracting(RemoteFile::name).containsExactly("link-tcp", "link-udp");
        }
        assertNothingOutsideChanged(before);
        assertThat(Files.readAllBytes(secret)).isEqualTo(SECRET);
    }

    private void assertNothingOutsideChanged(Map<String, String> before) throws IOException {
        Map<String, String> after = Folders.snapshot(dir, home);
        after.keySet().removeIf(p -> p.equals("got.bin")); // none is expected; checked where it matters
        before.keySet().removeIf(p -> p.equals("got.bin"));
        // users.xlsx changes only on login/registration, none of which happen here.
        assertThat(after).isEqualTo(before);
        for (Path canary : List.of(outside.resolve("secret.txt"), server.data().resolve("users/x"),
                server.data().resolve("x"), server.userFolder("bob").resolve("x"))) {
            assertThat(Files.readAllBytes(canary)).as("%s", canary).isEqualTo(SECRET);
            assertThat(Files.getLastModifiedTime(canary)).as("%s", canary)
                    .isEqualTo(FileTime.fromMillis(1_500_000_000_000L));
        }
    }

    /** ERROR 2 (access violation) from the server, before any data block. */
    private static void assertRefused(String what, ThrowingCallable transfer) {
        TransferException e = catchThrowableOfType(TransferException.class, transfer);
        assertThat(e).as(what).isNotNull();
        assertThat(e.failure().code()).as(what + ": " + e.failure()).isEqualTo(ErrorCode.ACCESS_VIOLATION.code());
        assertThat(e.statistics().blocks()).as(what).isZero();
    }
}
