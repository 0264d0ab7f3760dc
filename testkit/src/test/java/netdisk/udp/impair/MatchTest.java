package netdisk.udp.impair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MatchTest {

    private static final Classification DATA_7 = new Classification(DatagramKind.DATA, 7);
    private static final Classification ACK_7 = new Classification(DatagramKind.ACK, 7);
    private static final Classification DATA_8 = new Classification(DatagramKind.DATA, 8);

    @Test
    void countsDatagramsOfItsKindAndBlock() {
        assertThat(Match.any().counts(ACK_7)).isTrue();
        assertThat(Match.data().counts(DATA_7)).isTrue();
        assertThat(Match.data().counts(ACK_7)).isFalse();
        assertThat(Match.data().block(7).counts(DATA_7)).isTrue();
        assertThat(Match.data().block(7).counts(DATA_8)).isFalse();
        assertThat(Match.any().block(7).counts(ACK_7)).isTrue();
        assertThat(Match.oack().block(7).counts(DATA_7)).isFalse();
    }

    @Test
    void selectsTheOccurrencesItNames() {
        assertThat(Match.data().nth(3).selects(2)).isFalse();
        assertThat(Match.data().nth(3).selects(3)).isTrue();
        assertThat(Match.data().nth(3).selects(4)).isFalse();
        assertThat(Match.data().firstTimes(2).selects(2)).isTrue();
        assertThat(Match.data().firstTimes(2).selects(3)).isFalse();
        assertThat(Match.data().fromNth(10).selects(9)).isFalse();
        assertThat(Match.data().fromNth(10).selects(Long.MAX_VALUE)).isTrue();
        assertThat(Match.data().selects(1)).isTrue();
    }

    @Test
    void refusesImpossibleRanges() {
        assertThatThrownBy(() -> Match.data().nth(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Match.data().occurrences(3, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Match.data().block(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Match.data().block(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsLikeTheRule() {
        assertThat(Match.data().nth(3)).hasToString("DATA #3");
        assertThat(Match.data().block(7).firstTimes(2)).hasToString("DATA block 7 #1..2");
        assertThat(Match.ack().block(5)).hasToString("ACK block 5");
        assertThat(Match.any().fromNth(10)).hasToString("any #10..");
        assertThat(Fault.drop().matching(Match.data().nth(3)).probability(0.5)).hasToString("Drop[] DATA #3 p=0.5");
    }
}
