package netdisk.services.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads in progress claim their bytes of the quota; the claims add up and are given back. */
class UploadReservationsTest {

    @TempDir
    Path dir;

    private final UploadReservations reservations = new UploadReservations();
    private final Quota quota = Quota.everyUser(1000);
    private UserFolder folder;

    @BeforeEach
    void folder() throws Exception {
        folder = new LocalUserFolder(Files.createDirectories(dir.resolve("alice")));
        Files.write(dir.resolve("alice/old.bin"), new byte[100]);
    }

    @Test
    void reservationsOfOneUserAddUpAgainstTheQuota() throws Exception {
        UploadReservations.Reservation first = reservations.reserve(quota, "alice", folder, "a", 600);

        QuotaExceededException refused = catchQuota(() -> reservations.reserve(quota, "alice", folder, "b", 301));
        assertThat(refused.room()).as("1000 less old.bin's 100 less the 600 held").isEqualTo(300);
        assertThat(reservations.reserve(quota, "alice", folder, "b", 300).held()).isEqualTo(300);
        assertThat(reservations.reservedFor("alice")).isEqualTo(900);

        first.close();
        first.close(); // twice gives back nothing more
        assertThat(reservations.reservedFor("alice")).isEqualTo(300);
    }

    @Test
    void theFileAnUploadReplacesCountsAsFreeForIt() throws Exception {
        assertThat(reservations.reserve(quota, "alice", folder, "old.bin", 1000).held()).isEqualTo(1000);
    }

    @Test
    void growingTakesWhatIsNeededAndAtMostHalfOfTheRestSoOthersFitToo() throws Exception {
        UploadReservations.Reservation growing = reservations.reserve(quota, "alice", folder, "a", 0);
        growing.growTo(100, 10_000);
        assertThat(growing.held()).as("100 needed, half of the 800 beyond").isEqualTo(500);

        UploadReservations.Reservation other = reservations.reserve(quota, "alice", folder, "b", 0);
        other.growTo(400, 400);
        assertThatThrownBy(() -> growing.growTo(501, 501)).isInstanceOf(QuotaExceededException.class);
        assertThat(growing.held()).as("a refused growth keeps the claim as it was").isEqualTo(500);
    }

    @Test
    void otherUsersAndUnlimitedQuotasAreNotAffected() throws Exception {
        reservations.reserve(quota, "alice", folder, "a", 900);
        UserFolder bobs = new LocalUserFolder(Files.createDirectories(dir.resolve("bob")));
        assertThat(reservations.reserve(quota, "bob", bobs, "a", 1000).held()).isEqualTo(1000);
        assertThat(reservations.reserve(Quota.NONE, "alice", folder, "b", Long.MAX_VALUE))
                .isSameAs(UploadReservations.Reservation.UNLIMITED);
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static QuotaExceededException catchQuota(Call call) throws Exception {
        try {
            call.run();
        } catch (QuotaExceededException e) {
            return e;
        }
        throw new AssertionError("no QuotaExceededException");
    }
}
