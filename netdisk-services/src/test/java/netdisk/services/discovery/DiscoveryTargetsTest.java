package netdisk.services.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class DiscoveryTargetsTest {

    private static Inet4Address v4(String literal) throws Exception {
        return (Inet4Address) InetAddress.getByName(literal);
    }

    @Test
    void theDirectedBroadcastIsTheInterfacesOrMadeFromItsPrefix() throws Exception {
        assertThat(DiscoveryTargets.directedBroadcast(v4("10.77.0.2"), v4("10.77.0.255"), 24)).isEqualTo(v4("10.77.0.255"));
        // ip addr add 10.77.0.2/24 without brd: the JDK reports 0.0.0.0
        assertThat(DiscoveryTargets.directedBroadcast(v4("10.77.0.2"), v4("0.0.0.0"), 24)).isEqualTo(v4("10.77.0.255"));
        assertThat(DiscoveryTargets.directedBroadcast(v4("192.168.13.77"), null, 20)).isEqualTo(v4("192.168.15.255"));
        assertThat(DiscoveryTargets.directedBroadcast(v4("10.0.0.1"), null, 8)).isEqualTo(v4("10.255.255.255"));
        assertThat(DiscoveryTargets.directedBroadcast(v4("10.0.0.1"), null, 31)).as("RFC 3021: none").isNull();
        assertThat(DiscoveryTargets.directedBroadcast(v4("10.0.0.1"), null, 32)).isNull();
    }

    @Test
    void allNodesIsFf02Colon1() throws Exception {
        assertThat(DiscoveryTargets.allNodes(null)).isEqualTo(InetAddress.getByName("ff02::1"));
        assertThat(DiscoveryResponder.silent().multicastGroups()).isEmpty();
    }
}
