package netdisk.services.client;

/** What the server said in its hello: its version and name, its UDP port and its limits. */
public record ServerInfo(int version, String server, int udpPort, int maxFrame, int minPasswordLength) {}
