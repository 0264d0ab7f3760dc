package netdisk.udp.client;

import static org.assertj.core.api.Assertions.assertThat;

import netdisk.udp.packet.TftpOptions;
import org.junit.jupiter.api.Test;

/** The options a client request carries. */
class TransferOptionsTest {

    @Test
    void asksOptionsInAFixedOrderWithTheExtensionsLast() {
        TftpOptions asked = TransferOptions.defaults().withTimeoutSeconds(3)
                .withExtensions(TftpOptions.of("netdisk-token", "t")).requestOptions(0);
        assertThat(asked).isEqualTo(TftpOptions.of("blksize", "1428", "windowsize", "16", "timeout", "3", "tsize", "0",
                "netdisk-token", "t"));
        assertThat(TransferOptions.plain().requestOptions(100).isEmpty()).isTrue();
    }

    @Test
    void requestsNoWindowLargerThanTheEngineCanRun() {
        // A server may grant all it is asked (RFC 7440) and both sides must then run that window;
        // past 32768 blocks a 16-bit ACK number would be ambiguous.
        TftpOptions asked = TransferOptions.defaults().withWindowSize(65_535).requestOptions(0);
        assertThat(asked.get("windowsize")).contains("32768");
        assertThat(TransferOptions.defaults().withWindowSize(100).requestOptions(0).get("windowsize")).contains("100");
    }

    @Test
    void announcesTheSizeOfAnUploadAndAsksItForADownload() {
        assertThat(TransferOptions.defaults().requestOptions(12_345).get("tsize")).contains("12345");
        assertThat(TransferOptions.defaults().requestOptions(-1).contains("tsize")).as("size unknown").isFalse();
    }
}
