package netdisk.tools.lab;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PreflightTest {

    @Test
    void refusesWithoutRootInOneLineThatSaysWhatHelps() {
        assertThatThrownBy(() -> Preflight.check(false, false, "Linux", false))
                .isInstanceOf(LabUnavailableException.class)
                .hasMessage("the lab needs root to create network namespaces: run it with sudo");
    }

    @Test
    void refusesAnythingButLinux() {
        assertThatThrownBy(() -> Preflight.check(false, false, "Mac OS X", true))
                .isInstanceOf(LabUnavailableException.class)
                .hasMessageContaining("needs Linux network namespaces; this is Mac OS X");
    }
}
