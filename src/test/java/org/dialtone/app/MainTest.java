package org.dialtone.app;

import static org.assertj.core.api.Assertions.assertThat;
import org.junit.jupiter.api.Test;

class MainTest {
    @Test void runs() { assertThat(Main.class).isNotNull(); }
}
