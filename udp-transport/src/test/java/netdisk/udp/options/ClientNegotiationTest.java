package netdisk.udp.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import netdisk.udp.packet.OptionAck;
import netdisk.udp.packet.TftpOptions;
import org.junit.jupiter.api.Test;

/** What a client accepts in an OACK (spec/protocol.md 5.2; RFC 2347 "Negotiation Protocol"). */
class ClientNegotiationTest {

    private static final TftpOptions ASKED =
            TftpOptions.of("blksize", "1428", "windowsize", "16", "timeout", "3", "tsize", "0", "netdisk-token", "t");

    private static TransferParameters accept(String... oack) throws OptionNegotiationException {
        return ClientNegotiation.accept(ASKED, new OptionAck(TftpOptions.of(oack)));
    }

    @Test
    void takesTheGrantedValues() throws Exception {
        TransferParameters p = accept("blksize", "1024", "windowsize", "8", "timeout", "3", "tsize", "5000",
                "netdisk-token", "ok");
        assertThat(p).isEqualTo(new TransferParameters(1024, 8, Optional.of(Duration.ofSeconds(3)), 5000));
    }

    @Test
    void anOptionLeftOutIsNotInEffect() throws Exception {
        assertThat(accept("windowsize", "4")).isEqualTo(new TransferParameters(512, 4, Optional.empty(), -1));
        assertThat(accept()).isEqualTo(TransferParameters.RFC1350);
    }

    @Test
    void namesAreComparedIgnoringCase() throws Exception {
        assertThat(accept("BLKSIZE", "1428").blockSize()).isEqualTo(1428);
    }

    @Test
    void refusesAnOptionThatWasNotRequested() {
        assertThatThrownBy(() -> accept("blksize", "1024", "foo", "1"))
                .isInstanceOf(OptionNegotiationException.class).hasMessageContaining("foo");
        assertThatThrownBy(() -> ClientNegotiation.accept(TftpOptions.of("blksize", "1024"),
                new OptionAck(TftpOptions.of("tsize", "10")))).isInstanceOf(OptionNegotiationException.class);
    }

    @Test
    void refusesABlksizeAboveTheOneAsked() {
        assertThatThrownBy(() -> accept("blksize", "1429")).isInstanceOf(OptionNegotiationException.class);
    }

    @Test
    void refusesAWindowsizeAboveTheOneAsked() {
        assertThatThrownBy(() -> accept("windowsize", "17")).isInstanceOf(OptionNegotiationException.class);
    }

    @Test
    void refusesATimeoutOtherThanTheOneAsked() {
        assertThatThrownBy(() -> accept("timeout", "2")).isInstanceOf(OptionNegotiationException.class);
        assertThatThrownBy(() -> accept("timeout", "4")).isInstanceOf(OptionNegotiationException.class);
    }

    @Test
    void refusesAValueOutOfItsRange() {
        assertThatThrownBy(() -> accept("blksize", "7")).isInstanceOf(OptionNegotiationException.class);
        assertThatThrownBy(() -> accept("windowsize", "0")).isInstanceOf(OptionNegotiationException.class);
    }
}
