package netdisk.tools.lab;

/** A direction across the lab's link. A download's data travels {@link #DOWN}, its ACKs {@link #UP}. */
public enum Way {
    /** From the server's namespace to the client's. */
    DOWN("server → client"),
    /** From the client's namespace to the server's. */
    UP("client → server");

    private final String description;

    Way(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
