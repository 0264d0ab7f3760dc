package netdisk.tests.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built jar holds no picocli class file older than Java 6: the JVM's class-data archive and
 * AOT cache leave such classes out, and every command would load and verify them from the jar
 * again (tools/src/build/UpgradeOldClasses.java rewrites them at build time).
 */
class JarClassVersionsTest {

    private static final int JAVA_6 = 50;

    @BeforeAll
    static void build() throws Exception {
        BuiltCommand.ensureBuilt();
    }

    @Test
    void picocliIsMadeOfClassFilesTheCachesCanHold() throws IOException {
        List<String> old = new ArrayList<>();
        int picocli = 0;
        try (ZipFile jar = new ZipFile(BuiltCommand.jar().toFile())) {
            for (Enumeration<? extends ZipEntry> e = jar.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                if (!entry.getName().startsWith("picocli/") || !entry.getName().endsWith(".class")) {
                    continue;
                }
                picocli++;
                if (majorVersion(jar, entry) < JAVA_6) {
                    old.add(entry.getName());
                }
            }
        }
        assertThat(picocli).as("picocli classes in the jar").isGreaterThan(100);
        assertThat(old).as("picocli class files older than Java 6").isEmpty();
    }

    private static int majorVersion(ZipFile jar, ZipEntry entry) throws IOException {
        try (InputStream in = jar.getInputStream(entry)) {
            byte[] head = in.readNBytes(8);
            assertThat(head).hasSize(8).startsWith((byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE);
            return (head[6] & 0xFF) << 8 | (head[7] & 0xFF);
        }
    }
}
