package netdisk.udp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import netdisk.udp.server.TransferSlots.Admission;
import org.junit.jupiter.api.Test;

/** The bookkeeping of {@link TransferBudgets}: who gets a slot, who is dropped, who is refused. */
class TransferSlotsTest {

    private static InetAddress host(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {10, 0, (byte) (n >> 8), (byte) n});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static <T> Admission.Admitted<T> admitted(Admission<T> admission) {
        assertThat(admission).isInstanceOf(Admission.Admitted.class);
        return (Admission.Admitted<T>) admission;
    }

    @Test
    void admitsUpToTheTotalAndThenSaysBusyWhenEveryoneHasAnswered() {
        TransferSlots<String> slots = new TransferSlots<>(new TransferBudgets(3, 3, 3, 3));
        for (String t : new String[] {"a", "b", "c"}) {
            assertThat(admitted(slots.admit(t, host(1))).dropped()).isEmpty();
            slots.answered(t);
        }

        assertThat(slots.admit("d", host(2))).isEqualTo(new Admission.Busy<String>("server busy, try again later"));
        assertThat(slots.size()).isEqualTo(3);
        assertThat(slots.unansweredCount()).isZero();
    }

    @Test
    void aFullServerDropsItsOldestUnansweredTransferForANewcomer() {
        TransferSlots<String> slots = new TransferSlots<>(new TransferBudgets(3, 3, 3, 3));
        slots.admit("answered", host(1));
        slots.answered("answered");
        slots.admit("old", host(2));
        slots.admit("newer", host(3));

        assertThat(admitted(slots.admit("newcomer", host(4))).dropped()).containsExactly("old");
        assertThat(admitted(slots.admit("next", host(5))).dropped()).containsExactly("newer");
        assertThat(slots.size()).isEqualTo(3);
        assertThat(slots.unansweredCount()).isEqualTo(2);
    }

    @Test
    void theUnansweredPoolHasItsOwnLimitBelowTheTotal() {
        TransferSlots<String> slots = new TransferSlots<>(new TransferBudgets(10, 10, 2, 2));
        slots.admit("a", host(1));
        slots.admit("b", host(2));

        assertThat(admitted(slots.admit("c", host(3))).dropped()).containsExactly("a");
        assertThat(slots.size()).as("slots are left, unanswered ones are not").isEqualTo(2);
    }

    @Test
    void anUnprovenAddressWithTooManyFreshUnansweredWaitsAndAStaleOneGivesWay() {
        TransferSlots<String> slots = new TransferSlots<>(new TransferBudgets(10, 10, 10, 2));
        long t = 0;
        slots.admit("a1", host(1), false, t);
        slots.admit("b1", host(2), false, t); // older than a2, but another address's
        slots.admit("a2", host(1), false, t + 10);

        assertThat(slots.admit("a3", host(1), false, t + 20)).as("the others are fresh: a3 is retransmitted later")
                .isInstanceOf(Admission.Ignored.class);
        assertThat(slots.admit("c1", host(3), false, t + 20)).isInstanceOf(Admission.Admitted.class);

        long later = t + TransferSlots.STALE_NANOS;
        assertThat(admitted(slots.admit("a3", host(1), false, later)).dropped()).as("a1 went stale")
                .containsExactly("a1");
        slots.answered("a2");
        assertThat(admitted(slots.admit("a4", host(1), false, later)).dropped()).isEmpty();
        assertThat(slots.size()).isEqualTo(5);
    }

    @Test
    void aProvenAddressIsNotHeldToTheUnansweredBudgetOfOneAddress() {
        TransferSlots<String> slots = new TransferSlots<>(new TransferBudgets(10, 10, 10, 2));
        for (int i = 0; i < 5; i++) {
            assertThat(admitted(slots.admit("a" + i, host(1), true, 0)).dropped()).isEmpty();
        }
        assertThat(slots.unansweredCount()).isEqualTo(5);
    }

    @Test
    void oneAddressBeyondItsShareIsToldBusyEvenWithSlotsFree() {
        TransferSlots<String> slots = new TransferSlots<>(new TransferBudgets(10, 2, 10, 10));
        slots.admit("a1", host(1));
        slots.admit("a2", host(1));

        assertThat(slots.admit("a3", host(1)))
                .isEqualTo(new Admission.Busy<String>("your address has too many transfers"));
        slots.release("a1");
        assertThat(slots.admit("a3", host(1))).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void releaseIsIdempotentAndFreesTheAddressesCounts() {
        TransferSlots<String> slots = new TransferSlots<>(new TransferBudgets(2, 1, 2, 1));
        slots.admit("a", host(1));
        slots.release("a");
        slots.release("a");
        slots.answered("a"); // a late answer of a released transfer changes nothing

        assertThat(slots.size()).isZero();
        assertThat(slots.unansweredCount()).isZero();
        assertThat(slots.admit("b", host(1))).isInstanceOf(Admission.Admitted.class);
    }

    @Test
    void aDroppedTransferReleasedAgainByItsOwnThreadFreesNothingTwice() {
        TransferSlots<String> slots = new TransferSlots<>(new TransferBudgets(1, 1, 1, 1));
        slots.admit("old", host(1));
        assertThat(admitted(slots.admit("new", host(2))).dropped()).containsExactly("old");

        slots.release("old"); // the dropped transfer's thread ends and releases its slot
        assertThat(slots.size()).isEqualTo(1);
        assertThat(slots.admit("third", host(3))).isInstanceOf(Admission.Admitted.class);
        assertThat(slots.size()).as("\"new\" was unanswered and made room").isEqualTo(1);
    }

    @Test
    void budgetsAreCheckedAndCutToFitTheTotal() {
        assertThatThrownBy(() -> new TransferBudgets(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TransferBudgets.DEFAULT.withMaxTransfers(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(TransferBudgets.DEFAULT.withMaxTransfers(16)).isEqualTo(new TransferBudgets(16, 16, 16, 16));
        assertThat(TransferBudgets.DEFAULT.withMaxPerAddress(200).maxPerAddress()).isEqualTo(200);
    }
}
