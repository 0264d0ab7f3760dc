package netdisk.tools.cli;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The person at the keyboard, if there is one: questions (a password without echo, resume or
 * restart?) and whether stderr is a terminal (the progress bar). A seam so that tests can script
 * the answers; {@link #system()} is the real one, {@link #none()} a pipe or a cron job.
 */
public interface Terminal {

    /** Whether questions can be asked: standard input and the console are a terminal. */
    boolean interactive();

    /** Whether standard error is a terminal, where a redrawn progress line makes sense. */
    boolean stderrIsTerminal();

    /** Asks without echo; {@code null} at end of input. */
    char[] readPassword(String prompt) throws IOException;

    /** Asks for a line; {@code null} at end of input. */
    String readLine(String prompt) throws IOException;

    /**
     * Asks {@code question} until an answer starts with one of {@code letters}; returns that
     * letter, or 'c' (cancel) at end of input or after three unclear answers.
     */
    default char choose(String question, String letters) throws IOException {
        for (int attempt = 0; attempt < 3; attempt++) {
            String line = readLine(question);
            if (line == null) {
                return 'c';
            }
            String answer = line.strip().toLowerCase(Locale.ROOT);
            if (!answer.isEmpty() && letters.indexOf(answer.charAt(0)) >= 0) {
                return answer.charAt(0);
            }
        }
        return 'c';
    }

    /** No terminal at all: every question is an error that names the non-interactive flag. */
    static Terminal none() {
        return new Terminal() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public boolean stderrIsTerminal() {
                return false;
            }

            @Override
            public char[] readPassword(String prompt) throws IOException {
                throw new IOException("no terminal to ask on");
            }

            @Override
            public String readLine(String prompt) throws IOException {
                throw new IOException("no terminal to ask on");
            }
        };
    }

    /** The process's own terminal, through {@link System#console()}. */
    static Terminal system() {
        return new SystemTerminal(System.console());
    }

    /** {@link System#console()} plus a look at where file descriptor 2 points. */
    final class SystemTerminal implements Terminal {
        private final Console console;
        private final boolean interactive;

        SystemTerminal(Console console) {
            this.console = console;
            this.interactive = console != null && isTerminal(console);
        }

        @Override
        public boolean interactive() {
            return interactive;
        }

        @Override
        public boolean stderrIsTerminal() {
            // Java has no isatty(2). On Linux /proc says where fd 2 points (/dev/pts/N for a
            // terminal, pipe:[..] or a file otherwise); elsewhere fall back to the console.
            Path fd2 = Path.of("/proc/self/fd/2");
            try {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return interactive;
            }
        }

        @Override
        public char[] readPassword(String prompt) throws IOException {
            if (!interactive) {
                throw new IOException("no terminal to ask on");
            }
            return console.readPassword("%s", prompt);
        }

        @Override
        public String readLine(String prompt) throws IOException {
            if (!interactive) {
                throw new IOException("no terminal to ask on");
            }
            return console.readLine("%s", prompt);
        }

        /**
         * Since JDK 22 {@code System.console()} may return a console for redirected streams and
         * {@code Console.isTerminal()} tells the difference; we compile for 21, so ask by name.
         * Before 22 a non-null console always was a terminal.
         */
        private static boolean isTerminal(Console console) {
            try {
                Method isTerminal = Console.class.getMethod("isTerminal");
                return (Boolean) isTerminal.invoke(console);
            } catch (NoSuchMethodException e) {
                return true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }
    }
}
