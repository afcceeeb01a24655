package dev.saleday.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FactorisationTest {
    private static Factorisation v10;

    @BeforeAll
    static void train() {
        v10 = Factorisation.train("v1.0");
    }

    @Test
    void has_the_documented_shape() {
        assertThat(v10.userCount()).isEqualTo(100_000);
        assertThat(v10.itemCount()).isEqualTo(10_000);
        assertThat(v10.version()).isEqualTo("v1.0");
    }

    // Full-size models across processes: DeterminismIT. Here a smaller model keeps the unit tests quick.
    @Test
    void training_twice_gives_the_same_answers() {
        Factorisation first = Factorisation.train("v1.0", 5_000, 1_000);
        Factorisation again = Factorisation.train("v1.0", 5_000, 1_000);
        for (long userId : new long[] {1, 42, 4_999, 5_000, 0, 123_456_789}) {
            assertThat(again.recommend(userId, 20)).isEqualTo(first.recommend(userId, 20));
        }
    }

    @Test
    void another_version_answers_differently() {
        Factorisation v10small = Factorisation.train("v1.0", 5_000, 1_000);
        Factorisation v11small = Factorisation.train("v1.1", 5_000, 1_000);
        assertThat(v11small.recommend(42, 10)).isNotEqualTo(v10small.recommend(42, 10));
    }

    @Test
    void k_items_sorted_by_score_descending_without_repeats() {
        for (int k : new int[] {1, 7, 100}) {
            List<ScoredItem> items = v10.recommend(777, k);
            assertThat(items).hasSize(k);
            for (int i = 1; i < items.size(); i++) {
                assertThat(items.get(i).score()).isLessThanOrEqualTo(items.get(i - 1).score());
            }
            Set<Long> ids = new HashSet<>();
            items.forEach(item -> assertThat(ids.add(item.itemId())).isTrue());
            assertThat(ids).allSatisfy(id -> assertThat(id).isBetween(1L, 10_000L));
        }
    }

    @Test
    void top_k_is_a_prefix_of_top_100() {
        List<ScoredItem> top100 = v10.recommend(31_337, 100);
        assertThat(v10.recommend(31_337, 10)).isEqualTo(top100.subList(0, 10));
    }

    @Test
    void the_top_item_has_the_highest_score_of_all_items() {
        // Brute force over k=100 windows is not possible through the API, so compare with a tiny model exhaustively.
        Factorisation tiny = Factorisation.train("tiny", 50, 40);
        List<ScoredItem> all = tiny.recommend(7, 40);
        assertThat(all).hasSize(40);
        assertThat(tiny.recommend(7, 1).get(0)).isEqualTo(all.get(0));
        assertThat(all.stream().mapToDouble(ScoredItem::score).max().orElseThrow()).isEqualTo(all.get(0).score());
    }

    @Test
    void users_differ_and_cold_start_users_get_the_popular_items() {
        assertThat(v10.recommend(1, 10)).isNotEqualTo(v10.recommend(2, 10));
        assertThat(v10.recommend(0, 10)).isEqualTo(v10.recommend(5_000_000, 10)).isEqualTo(v10.recommend(-1, 10));
    }

    @Test
    void learned_popularity_from_the_zipf_log() {
        // The cold-start answer is the item biases alone: BPR pushes frequently seen items up, so the most popular
        // items of the synthetic log must dominate it. Count how often the cold-start top-10 items occur in the log.
        InteractionLog log = InteractionLog.generate(Factorisation.seedOf("v1.0"), 100_000, 10_000,
                Factorisation.INTERACTIONS_PER_USER);
        int[] counts = new int[10_000];
        for (int item : log.items()) {
            counts[item]++;
        }
        double mean = (double) log.size() / 10_000;
        for (ScoredItem item : v10.recommend(0, 10)) {
            assertThat(counts[(int) item.itemId() - 1]).isGreaterThan((int) (5 * mean));
        }
    }

    @Test
    void k_out_of_range_is_refused() {
        assertThatThrownBy(() -> v10.recommend(1, 0)).hasMessageContaining("k must be in 1..100");
        assertThatThrownBy(() -> v10.recommend(1, 101)).hasMessageContaining("k must be in 1..100");
    }
}
