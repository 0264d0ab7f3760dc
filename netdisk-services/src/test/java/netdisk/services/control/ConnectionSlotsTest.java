package netdisk.services.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import netdisk.services.control.ConnectionSlots.Admission;
import org.junit.jupiter.api.Test;

/** Who gets a control connection slot, and who gives one up. */
class ConnectionSlotsTest {

    /** A connection whose state the test sets; it yields only while waiting. */
    private static final class Fake implements ConnectionSlots.Parkable {
        long waitingSince = ConnectionSlots.NOT_WAITING;
        boolean refuseToYield;
        boolean yielded;

        Fake waitingSince(long nanos) {
            waitingSince = nanos;
            return this;
        }

        @Override
        public long waitingSinceNanos() {
            return waitingSince;
        }

        @Override
        public boolean yieldSlot() {
            if (refuseToYield || waitingSince == ConnectionSlots.NOT_WAITING) {
                return false;
            }
            yielded = true;
            return true;
        }
    }

    private static InetAddress host(int n) {
        try {
            return InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) n});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void whenFullTheConnectionThatWaitedLongestGivesWay() {
        ConnectionSlots<Fake> slots = new ConnectionSlots<>(3, 3);
        Fake busy = new Fake();
        Fake waitedLong = new Fake().waitingSince(-5_000); // nanoTime may be negative: order by difference
        Fake waitedShort = new Fake().waitingSince(1_000);
        slots.admit(busy, host(1));
        slots.admit(waitedShort, host(2));
        slots.admit(waitedLong, host(3));

        Fake newcomer = new Fake();
        assertThat(slots.admit(newcomer, host(4))).isEqualTo(new Admission.Admitted<>(java.util.List.of(waitedLong)));
        assertThat(waitedLong.yielded).isTrue();
        assertThat(waitedShort.yielded).isFalse();
        assertThat(slots.size()).isEqualTo(3);
    }

    @Test
    void aConnectionThatTurnedBusyMeanwhileIsPassedOver() {
        ConnectionSlots<Fake> slots = new ConnectionSlots<>(2, 2);
        Fake racing = new Fake().waitingSince(0);
        racing.refuseToYield = true;
        Fake next = new Fake().waitingSince(10);
        slots.admit(racing, host(1));
        slots.admit(next, host(2));

        assertThat(slots.admit(new Fake(), host(3))).isEqualTo(new Admission.Admitted<>(java.util.List.of(next)));
    }

    @Test
    void whenEveryHolderIsBusyTheNewcomerIsRefused() {
        ConnectionSlots<Fake> slots = new ConnectionSlots<>(2, 2);
        slots.admit(new Fake(), host(1));
        slots.admit(new Fake(), host(2));

        assertThat(slots.admit(new Fake(), host(3)))
                .isEqualTo(new Admission.Refused<Fake>("server busy: 2 connections already; try again later"));
    }

    @Test
    void oneAddressGetsItsShareAndNoMoreWhileOthersAreServed() {
        ConnectionSlots<Fake> slots = new ConnectionSlots<>(10, 2);
        Fake first = new Fake().waitingSince(0);
        slots.admit(first, host(1));
        slots.admit(new Fake().waitingSince(0), host(1));

        assertThat(slots.admit(new Fake(), host(1))).isEqualTo(
                new Admission.Refused<Fake>("too many connections from your address (2); close some and try again"));
        assertThat(slots.admit(new Fake(), host(2))).isInstanceOf(Admission.Admitted.class);

        slots.release(first);
        slots.release(first); // twice: nothing more is freed
        assertThat(slots.admit(new Fake(), host(1))).isInstanceOf(Admission.Admitted.class);
        assertThat(slots.admit(new Fake(), host(1))).isInstanceOf(Admission.Refused.class);
    }
}
