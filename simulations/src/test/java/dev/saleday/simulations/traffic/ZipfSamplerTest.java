package dev.saleday.simulations.traffic;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ZipfSamplerTest {

    @ParameterizedTest
    @CsvSource({"10, 1.1", "10, 1.0", "50, 0.6", "5, 2.5"})
    void drawsTheZipfProbabilities(long count, double exponent) {
        ZipfSampler sampler = new ZipfSampler(count, exponent);
        SplittableRandom random = new SplittableRandom(1);
        int draws = 200_000;
        long[] seen = new long[(int) count + 1];
        for (int i = 0; i < draws; i++) {
            long k = sampler.sample(random);
            assertThat(k).isBetween(1L, count);
            seen[(int) k]++;
        }
        double norm = 0;
        for (int k = 1; k <= count; k++) {
            norm += Math.pow(k, -exponent);
        }
        for (int k = 1; k <= Math.min(count, 5); k++) {
            double expected = Math.pow(k, -exponent) / norm;
            assertThat((double) seen[k] / draws).as("P(%d)", k).isCloseTo(expected, within(0.01));
        }
    }

    @Test
    void handlesHundredsOfMillionsOfUsersInConstantMemory() {
        ZipfSampler sampler = new ZipfSampler(500_000_000L, 1.1);
        SplittableRandom random = new SplittableRandom(7);
        long max = 0;
        for (int i = 0; i < 100_000; i++) {
            max = Math.max(max, sampler.sample(random));
        }
        assertThat(max).isGreaterThan(1_000_000L).isLessThanOrEqualTo(500_000_000L);
    }

    @Test
    void refusesWhatIsNotAZipf() {
        assertThatThrownBy(() -> new ZipfSampler(0, 1.1)).hasMessageContaining("count must be >= 1");
        assertThatThrownBy(() -> new ZipfSampler(10, 0)).hasMessageContaining("exponent must be > 0");
    }
}
