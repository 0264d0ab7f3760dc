package netdisk.services.discovery;

/** A discovery datagram, decoded (spec/discovery.md 2). */
public sealed interface DiscoveryMessage permits DiscoveryQuestion, DiscoveryAnswer {

    /** The question's nonce, which its answers echo. */
    long nonce();
}
