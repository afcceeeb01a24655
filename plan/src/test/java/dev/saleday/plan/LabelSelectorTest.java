package dev.saleday.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

    static final Map<String, String> WEB = Map.of("app", "shop", "tier", "web");
    static final Map<String, String> DB = Map.of("app", "shop", "tier", "db");
    static final Map<String, String> OTHER = Map.of("app", "other");

    @Test
    void everyOperatorOfTheStringFormFilters() {
        assertThat(LabelSelector.parse("tier in (web,cache)").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("tier in (web,cache)").matches(OTHER)).isFalse();
        assertThat(LabelSelector.parse("tier notin (web)").matches(DB)).isTrue();
        assertThat(LabelSelector.parse("tier notin (web)").matches(OTHER)).isTrue();
        assertThat(LabelSelector.parse("tier notin (web)").matches(WEB)).isFalse();
        assertThat(LabelSelector.parse("tier").matches(DB)).isTrue();
        assertThat(LabelSelector.parse("tier").matches(OTHER)).isFalse();
        assertThat(LabelSelector.parse("!tier").matches(OTHER)).isTrue();
        assertThat(LabelSelector.parse("app=shop,tier!=db").matches(WEB)).isTrue();
        assertThat(LabelSelector.parse("app==shop,tier!=db").matches(DB)).isFalse();
        assertThat(LabelSelector.parse("app=shop").matches(null)).isFalse();
        assertThat(LabelSelector.parse("app=shop, tier in (web, db), !canary").toString())
                .isEqualTo("app=shop,tier in (web,db),!canary");
    }

    @Test
    void theObjectFormReadsMatchLabelsAndEveryMatchExpressionOperator() {
        Map<String, String> matchLabels = new LinkedHashMap<>();
        matchLabels.put("app", "shop");
        LabelSelector notDb = LabelSelector.of(matchLabels,
                List.of(new LabelSelector.Expression("tier", "NotIn", List.of("db"))));
        assertThat(notDb.matches(WEB)).isTrue();
        assertThat(notDb.matches(DB)).isFalse();
        assertThat(notDb.matches(OTHER)).isFalse();
        assertThat(notDb.toString()).isEqualTo("app=shop,tier notin (db)");
        assertThat(LabelSelector.of(null, List.of(new LabelSelector.Expression("tier", "In", List.of("db", "web")))
                ).matches(WEB)).isTrue();
        assertThat(LabelSelector.of(null, List.of(new LabelSelector.Expression("tier", "Exists", null)))
                .matches(OTHER)).isFalse();
        assertThat(LabelSelector.of(null, List.of(new LabelSelector.Expression("tier", "DoesNotExist", null)))
                .matches(OTHER)).isTrue();
        assertThat(LabelSelector.of(null, null).isEverything()).isTrue();
        assertThatThrownBy(() -> LabelSelector.of(null, List.of(new LabelSelector.Expression("tier", "Has", null))))
                .hasMessage("matchExpressions operator must be In, NotIn, Exists or DoesNotExist, got 'Has'");
    }

    @Test
    void noQuerySelectsEverythingButAPlanMustNameSomething() {
        assertThat(LabelSelector.parseQuery(null).matches(OTHER)).isTrue();
        assertThat(LabelSelector.parseQuery(" ").isEverything()).isTrue();
        assertThatThrownBy(() -> LabelSelector.parse(""))
                .hasMessage("expected a label selector such as 'app=recommendation', got nothing");
        assertThatThrownBy(() -> LabelSelector.parseQuery("tier in (web"))
                .hasMessageContaining("expected a label key");
    }
}
