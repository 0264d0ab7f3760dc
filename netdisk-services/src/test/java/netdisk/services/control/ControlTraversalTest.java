package netdisk.services.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import netdisk.services.client.ControlClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names that try to leave the user's folder, through every control entry point (stat, rm,
 * download, upload): refused with FILE_NAME_INVALID or NOT_FOUND, and nothing outside is read,
 * changed or created.
 */
class ControlTraversalTest {

    @TempDir
    Path dir;

    ControlFixture fx;
    String token;
    Path secret;
    Path outsideFolder;
    Path payload;

    @BeforeEach
    void start() throws IOException {
        fx = new ControlFixture(dir.resolve("data"));
        token = fx.tokenFor("alice");
        fx.tokenFor("bob");
        Files.writeString(fx.home("bob").resolve("x"), "bob's");
        payload = Files.writeString(dir.resolve("payload"), "evil");
        outsideFolder = Files.createDirectories(dir.resolve("outside"));
        secret = Files.writeString(outsideFolder.resolve("secret"), "top secret");
        Files.setLastModifiedTime(secret, FileTime.fromMillis(1_000_000));
        Files.createSymbolicLink(fx.home("alice").resolve("link-out"), secret);
        Files.createSymbolicLink(fx.home("alice").resolve("dir-out"), outsideFolder);
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    static List<String> hostileNames() {
        return List.of("../x", "../bob/x", "../../outside/secret", "/etc/passwd", "a/b", "a\\b", "..\\bob\\x",
                "..", ".", "", "nul\u0000byte", "bell\u0007", "new\nline", "del\u007f", "c1\u0085",
                "link-out", "dir-out/secret", "dir-out", "." + "f.0123456789abcdef.part");
    }

    @ParameterizedTest
    @MethodSource("hostileNames")
    void everyEntryPointRefusesTheName(String name) throws IOException {
        try (ControlClient c = fx.client()) {
            assertThat(ControlEndToEndTest.code(() -> c.stat(token, name))).isIn("FILE_NAME_INVALID", "NOT_FOUND");
            assertThat(ControlEndToEndTest.code(() -> c.download(token, name, 0, new ByteArrayOutputStream(), null)))
                    .isIn("FILE_NAME_INVALID", "NOT_FOUND");
            boolean link = name.equals("link-out") || name.equals("dir-out");
            if (!link) {
                // rm or upload of a link itself is allowed: it replaces or removes the link, never
                // its target (the tests below)
                assertThat(ControlEndToEndTest.code(() -> c.rm(token, name))).isIn("FILE_NAME_INVALID", "NOT_FOUND");
            }
            if (!link) {
                assertThat(ControlEndToEndTest.code(() -> c.upload(token, name, payload, null)))
                        .isIn("FILE_NAME_INVALID", "NOT_FOUND", "INTERNAL");
            }
            assertThat(c.ls(token)).isNotNull(); // still connected and served
        }
        assertNothingOutsideTouched();
    }

    @Test
    void uploadOntoALinkReplacesTheLinkNotItsTarget() throws IOException {
        try (ControlClient c = fx.client()) {
            c.upload(token, "link-out", Files.writeString(payload, "mine"), null);
        }
        assertThat(fx.home("alice").resolve("link-out")).isRegularFile().hasContent("mine");
        assertNothingOutsideTouched();
    }

    @Test
    void rmOfALinkRemovesOnlyTheLink() throws IOException {
        try (ControlClient c = fx.client()) {
            c.rm(token, "link-out");
            c.rm(token, "dir-out");
        }
        assertThat(Files.exists(fx.home("alice").resolve("link-out"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .isFalse();
        assertThat(Files.exists(fx.home("alice").resolve("dir-out"), java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .isFalse();
        assertNothingOutsideTouched();
    }

    @Test
    void rawUnicodeNamesThatAreNotValidAreRefused() throws IOException {
        try (RawPeer p = new RawPeer(fx.address())) {
            p.hello();
            // An unpaired surrogate, escaped in JSON: valid JSON, not a valid name.
            p.sendFrame("{\"op\":\"stat\",\"id\":2,\"token\":\"" + token + "\",\"name\":\"a\\ud800b\"}");
            ObjectNode answer = p.read();
            assertThat(RawPeer.code(answer)).isEqualTo("FILE_NAME_INVALID");
        }
    }

    private void assertNothingOutsideTouched() throws IOException {
        assertThat(secret).hasContent("top secret");
        assertThat(Files.getLastModifiedTime(secret)).isEqualTo(FileTime.fromMillis(1_000_000));
        try (Stream<Path> s = Files.list(outsideFolder)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("secret");
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("data", "outside", "payload");
        }
        assertThat(fx.home("bob").resolve("x")).hasContent("bob's");
        try (Stream<Path> s = Files.list(fx.storage.usersFolder())) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactlyInAnyOrder("alice", "bob");
        }
        assertThat(Files.exists(Path.of("/etc/passwd"))).isTrue();
    }
}
