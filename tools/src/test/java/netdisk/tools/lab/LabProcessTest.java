package netdisk.tools.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabProcessTest {

    private static final String UDP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
             1234: 01004D0A:1B39 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 4242 2 0000000000000000 0
            """;
    private static final String TCP = """
              sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
               0: 01004D0A:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1
               1: 01004D0A:1B39 02004D0A:A000 01 00000000:00000000 00:00000000 00000000     0        0 2 1
            """;

    @Test
    void findsABoundUdpPort() {
        assertThat(LabProcess.bound(UDP, true, 6969)).isTrue();
        assertThat(LabProcess.bound(UDP, true, 69)).isFalse();
    }

    @Test
    void aTcpPortCountsOnlyWhenListening() {
        assertThat(LabProcess.bound(TCP, false, 8080)).isTrue();
        assertThat(LabProcess.bound(TCP, false, 6969)).as("an established connection is not a listener").isFalse();
    }
}
