package netdisk.udp.packet;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Optional;

/**
 * The options of a request or OACK, in wire order.
 *
 * <p>Order is kept (unlike a hash map) so that encoding is deterministic and an OACK lists
 * options in the order the client asked for them. Names are unique, compared case-insensitively.
 */
public final class TftpOptions {

    public static final TftpOptions NONE = new TftpOptions(List.of());

    /**
     * The most options a request or OACK may carry (spec 4.7). Stock peers and netdisk
     * clients send fewer than ten; without a bound, one 65 KB request of 13,000 tiny
     * options cost the listener 0.7 s of CPU.
     */
    public static final int MAX_OPTIONS = 32;

    private final List<TftpOption> options;

    private TftpOptions(List<TftpOption> options) {
        this.options = options;
    }

    /**
     * Options in the given order.
     *
     * @throws IllegalArgumentException when two options share a name (ignoring case)
     */
    public static TftpOptions of(List<TftpOption> options) {
        List<TftpOption> copy = List.copyOf(options);
        Set<String> names = new HashSet<>();
        for (TftpOption option : copy) {
            if (!names.add(key(option.name()))) {
                throw new IllegalArgumentException("duplicate option: " + option.name());
            }
        }
        return copy.isEmpty() ? NONE : new TftpOptions(copy);
    }

    /**
     * The name by which two options are the same: ASCII case folded, as
     * {@link TftpOption#isNamed} compares (option names on the wire are ASCII, spec 4.7).
     */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** Convenience: {@code of("blksize", "1428", "tsize", "0")}. */
    public static TftpOptions of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values must pair up");
        }
        List<TftpOption> list = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            list.add(new TftpOption(namesAndValues[i], namesAndValues[i + 1]));
        }
        return of(list);
    }

    public List<TftpOption> asList() {
        return Collections.unmodifiableList(options);
    }

    public boolean isEmpty() {
        return options.isEmpty();
    }

    public int size() {
        return options.size();
    }

    /** The value of option {@code name}, matched ignoring case. */
    public Optional<String> get(String name) {
        for (TftpOption o : options) {
            if (o.isNamed(name)) {
                return Optional.of(o.value());
            }
        }
        return Optional.empty();
    }

    public boolean contains(String name) {
        return get(name).isPresent();
    }

    /** These options followed by {@code name=value} (replacing an option of that name in place). */
    public TftpOptions with(String name, String value) {
        List<TftpOption> list = new ArrayList<>(options.size() + 1);
        boolean replaced = false;
        for (TftpOption o : options) {
            if (o.isNamed(name)) {
                list.add(new TftpOption(o.name(), value));
                replaced = true;
            } else {
                list.add(o);
            }
        }
        if (!replaced) {
            list.add(new TftpOption(name, value));
        }
        return new TftpOptions(List.copyOf(list));
    }

    /** These options without {@code name}. */
    public TftpOptions without(String name) {
        List<TftpOption> list = new ArrayList<>(options);
        list.removeIf(o -> o.isNamed(name));
        return list.isEmpty() ? NONE : new TftpOptions(List.copyOf(list));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TftpOptions other && options.equals(other.options);
    }

    @Override
    public int hashCode() {
        return options.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (TftpOption o : options) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(o.name()).append('=').append(o.value());
        }
        return sb.append('}').toString();
    }
}
