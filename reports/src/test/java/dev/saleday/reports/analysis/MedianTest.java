package dev.saleday.reports.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MedianTest {

    @Test
    void theMiddleOfAnOddCountInAnyOrder() {
        assertThat(Median.of(List.of(9.0, 1.0, 5.0))).isEqualTo(5.0);
    }

    @Test
    void theMeanOfTheMiddleTwoOfAnEvenCount() {
        assertThat(Median.of(List.of(346.0, 307.0, 343.0, 414.0))).isEqualTo(344.5);
    }

    @Test
    void noneIsNaN() {
        assertThat(Median.of(List.of())).isNaN();
    }
}
