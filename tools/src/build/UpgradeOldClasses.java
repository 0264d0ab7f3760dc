import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Opcodes;

/**
 * A build step of tools (tools/pom.xml, right after the jar is shaded): rewrites the classes of
 * the jar under the given package prefixes whose class files predate Java 6 (version 50) as
 * Java 8 class files (version 52), with the stack map frames that version requires computed by
 * ASM. Nothing else in them changes.
 *
 * <p>Why: the JVM's class-data archive and AOT cache leave such old classes out ("Skipping
 * picocli/...: Old class has been linked"), since they can only be checked by the old,
 * inferring verifier. Picocli is compiled for Java 5, so every command loaded its 190 classes
 * from the jar and verified them the slow way: 40-50 ms of each command's start
 * (docs/benchmarks.md, "The client's warm-up").
 *
 * <p>{@code java -classpath ASM:DEPENDENCIES UpgradeOldClasses.java JAR PREFIX...}: JAR is
 * rewritten in place (through a temporary file moved over it); the classpath must let ASM load
 * the classes' supertypes, which it needs to merge types where frames meet.
 */
public final class UpgradeOldClasses {

    private static final int JAVA_6 = 50;

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: UpgradeOldClasses JAR PREFIX...");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        List<String> prefixes = List.of(args).subList(1, args.length);
        Path temp = jar.resolveSibling(jar.getFileName() + ".upgrading");
        int upgraded = 0;
        try (ZipFile in = new ZipFile(jar.toFile());
                OutputStream file = Files.newOutputStream(temp);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> entries = in.entries(); entries.hasMoreElements(); ) {
                ZipEntry entry = entries.nextElement();
                byte[] bytes;
                try (InputStream content = in.getInputStream(entry)) {
                    bytes = content.readAllBytes();
                }
                if (isOldClass(entry.getName(), bytes, prefixes)) {
                    bytes = upgrade(bytes);
                    upgraded++;
                }
                ZipEntry copy = new ZipEntry(entry.getName());
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("UpgradeOldClasses: " + upgraded + " classes under " + prefixes + " now Java 8 class files in "
                + jar.getFileName());
    }

    private static boolean isOldClass(String name, byte[] bytes, List<String> prefixes) {
        return name.endsWith(".class") && prefixes.stream().anyMatch(name::startsWith) && bytes.length >= 8
                && (bytes[0] & 0xFF) == 0xCA && (bytes[1] & 0xFF) == 0xFE
                && ((bytes[6] & 0xFF) << 8 | (bytes[7] & 0xFF)) < JAVA_6;
    }

    private static byte[] upgrade(byte[] bytes) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_FRAMES);
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                    String[] interfaces) {
                super.visit(Opcodes.V1_8, access, name, signature, superName, interfaces);
            }
        }, 0);
        return writer.toByteArray();
    }
}
