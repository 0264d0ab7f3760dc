package netdisk.services.client;

import static org.assertj.core.api.Assertions.assertThat;

import netdisk.services.client.TransferException.Reason;
import netdisk.udp.client.TftpException;
import netdisk.udp.packet.ErrorCode;
import netdisk.udp.transfer.TransferFailure;
import netdisk.udp.transfer.TransferFailure.Kind;
import netdisk.udp.transfer.TransferStatistics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransferExceptionTest {

    private static final TransferStatistics SOME = new TransferStatistics(3, 1536, 1, 0, 1, 0, 0, 0, 0, 0, -1,
            1_000_000, 200_000);

    @ParameterizedTest(name = "{0} with TFTP error {1} is {2}")
    @CsvSource({
        "REMOTE_ERROR, 1, NOT_FOUND",
        "REMOTE_ERROR, 2, ACCESS_DENIED",
        "REMOTE_ERROR, 8, OPTIONS_REFUSED",
        "REMOTE_ERROR, 3, REFUSED",
        "REMOTE_ERROR, 0, REFUSED",
        "REMOTE_ERROR, 99, REFUSED",
        "NEGOTIATION, 8, OPTIONS_REFUSED",
        "TIMEOUT, 0, TIMEOUT",
        "PROTOCOL, 4, PROTOCOL",
        "LOCAL_IO, 0, LOCAL_IO",
        "CANCELLED, 0, CANCELLED",
    })
    void sortsEachTftpFailureIntoAUsersReason(Kind kind, int code, Reason expected) {
        TransferException e = TransferException.of(new TftpException(new TransferFailure(kind, code, "said"), SOME));

        assertThat(e.reason()).isEqualTo(expected);
        assertThat(e.failure()).isEqualTo(new TransferFailure(kind, code, "said"));
        assertThat(e.statistics()).isSameAs(SOME);
        assertThat(e.getMessage()).isEqualTo("said");
        assertThat(e.getCause()).isInstanceOf(TftpException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "REMOTE_ERROR | server refused: no such file (TFTP error 1)",
        "TIMEOUT      | timed out: no such file",
        "NEGOTIATION  | options refused: no such file",
        "PROTOCOL     | protocol error: no such file",
        "LOCAL_IO     | no such file",
        "CANCELLED    | cancelled: no such file",
    })
    void describesItInOneLine(Kind kind, String line) {
        var failure = new TransferFailure(kind, ErrorCode.FILE_NOT_FOUND, "no such file");
        assertThat(TransferException.of(new TftpException(failure, SOME)).describe()).isEqualTo(line);
    }
}
