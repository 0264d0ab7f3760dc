package netdisk.udp.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import netdisk.udp.packet.ReadRequest;
import netdisk.udp.packet.TftpOptions;
import netdisk.udp.packet.TransferMode;
import netdisk.udp.packet.WriteRequest;
import org.junit.jupiter.api.Test;

/** What a server grants (spec/protocol.md section 5; RFC 2347, 2348, 2349, 7440). */
class ServerNegotiationTest {

    private static final ServerLimits LIMITS = new ServerLimits(1428, 16);

    private static ServerNegotiation.Result read(long size, String... options) throws OptionNegotiationException {
        return ServerNegotiation.negotiate(new ReadRequest("f", TransferMode.OCTET, TftpOptions.of(options)), LIMITS,
                size);
    }

    private static ServerNegotiation.Result write(String... options) throws OptionNegotiationException {
        return ServerNegotiation.negotiate(new WriteRequest("f", TransferMode.OCTET, TftpOptions.of(options)), LIMITS,
                -1);
    }

    @Test
    void lowersBlksizeAndWindowsizeToTheServerLimits() throws Exception {
        var result = read(-1, "blksize", "65464", "windowsize", "64");
        assertThat(result.acknowledged()).isEqualTo(TftpOptions.of("blksize", "1428", "windowsize", "16"));
        assertThat(result.parameters().blockSize()).isEqualTo(1428);
        assertThat(result.parameters().windowSize()).isEqualTo(16);
    }

    @Test
    void grantsSmallerValuesAsAsked() throws Exception {
        var result = read(-1, "blksize", "0600", "windowsize", "4");
        // Leading zeros are allowed; the answer is the plain number.
        assertThat(result.acknowledged()).isEqualTo(TftpOptions.of("blksize", "600", "windowsize", "4"));
        assertThat(result.parameters()).isEqualTo(new TransferParameters(600, 4, Optional.empty(), -1));
    }

    @Test
    void lowersABlksizeAboveTheRfcMaximum() throws Exception {
        var result = ServerNegotiation.negotiate(
                new ReadRequest("f", TransferMode.OCTET, TftpOptions.of("blksize", "100000")), ServerLimits.DEFAULT, -1);
        assertThat(result.acknowledged()).isEqualTo(TftpOptions.of("blksize", "65464"));
    }

    @Test
    void echoesTimeoutAndUsesItAsTheCeiling() throws Exception {
        var result = read(-1, "timeout", "7");
        assertThat(result.acknowledged()).isEqualTo(TftpOptions.of("timeout", "7"));
        assertThat(result.parameters().timeout()).contains(Duration.ofSeconds(7));
    }

    @Test
    void answersTsizeOfAReadOnlyWhenTheSizeIsKnown() throws Exception {
        assertThat(read(12_345, "tsize", "0").acknowledged()).isEqualTo(TftpOptions.of("tsize", "12345"));
        // Unknown (netascii): tsize is left out, and with nothing else granted there is no OACK.
        assertThat(read(-1, "tsize", "0").acknowledged().isEmpty()).isTrue();
        assertThat(read(-1, "tsize", "0", "blksize", "1024").acknowledged())
                .isEqualTo(TftpOptions.of("blksize", "1024"));
    }

    @Test
    void echoesTsizeOfAWriteAndExpectsThatMuch() throws Exception {
        var result = write("tsize", "999");
        assertThat(result.acknowledged()).isEqualTo(TftpOptions.of("tsize", "999"));
        assertThat(result.parameters().transferSize()).isEqualTo(999);
    }

    @Test
    void ignoresUnknownOptions() throws Exception {
        assertThat(read(5, "foo", "bar").acknowledged().isEmpty()).isTrue();
        assertThat(read(5, "netdisk-token", "abc", "blksize", "1024").acknowledged())
                .isEqualTo(TftpOptions.of("blksize", "1024"));
        assertThat(read(5, "foo", "bar").parameters()).isEqualTo(TransferParameters.RFC1350.withTransferSize(5));
    }

    @Test
    void answersInTheOrderAskedWithTheClientsSpelling() throws Exception {
        var result = read(42, "WindowSize", "8", "TSIZE", "0", "x", "y", "blksize", "1024", "timeout", "3");
        assertThat(result.acknowledged().asList()).extracting(o -> o.name() + "=" + o.value())
                .containsExactly("WindowSize=8", "TSIZE=42", "blksize=1024", "timeout=3");
    }

    @Test
    void refusesAKnownOptionWithABadValue() {
        // The codec refuses these first; negotiation is total anyway.
        assertThatThrownBy(() -> read(-1, "blksize", "7")).isInstanceOf(OptionNegotiationException.class);
        assertThatThrownBy(() -> read(-1, "windowsize", "x")).isInstanceOf(OptionNegotiationException.class);
    }
}
