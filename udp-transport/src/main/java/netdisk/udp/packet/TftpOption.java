package netdisk.udp.packet;

import java.util.Objects;

/** One option of a request or OACK: a name and a value, both NUL-free strings (RFC 2347 §2). */
public record TftpOption(String name, String value) {

    public TftpOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("option name must not be empty");
        }
        if (name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("option must not contain NUL: " + name);
        }
    }

    /** Option names are case-insensitive (RFC 2347 §2). */
    public boolean isNamed(String other) {
        return name.equalsIgnoreCase(other);
    }
}
