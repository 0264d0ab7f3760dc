package netdisk.tools.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SnmpTest {

    private static final String SNMP = """
            Ip: Forwarding DefaultTTL InReceives
            Ip: 1 64 1234
            Tcp: RtoAlgorithm RtoMin RtoMax MaxConn ActiveOpens PassiveOpens AttemptFails EstabResets CurrEstab InSegs OutSegs RetransSegs InErrs OutRsts InCsumErrors
            Tcp: 1 200 120000 -1 5 3 0 0 0 9876 140302 1775 0 0 0
            Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
            Udp: 100 2 7 90 7 1 0 0 0
            UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
            UdpLite: 0 0 0 0 0 0 0 0 0
            Udp6InDatagrams                 	5
            Udp6RcvbufErrors                	3
            """;

    @Test
    void readsBothFormatsAsNstatDoes() {
        Map<String, Long> v = Snmp.parse(SNMP);
        assertThat(v).containsEntry("Tcp.RetransSegs", 1775L).containsEntry("Udp.RcvbufErrors", 7L)
                .containsEntry("Udp.SndbufErrors", 1L).containsEntry("Udp6RcvbufErrors", 3L)
                .containsEntry("Ip.InReceives", 1234L).containsEntry("Tcp.MaxConn", -1L)
                .containsEntry("UdpLite.RcvbufErrors", 0L);
    }
}
