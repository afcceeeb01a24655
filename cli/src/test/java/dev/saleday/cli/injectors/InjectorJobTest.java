package dev.saleday.cli.injectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The injectors' Job: no resources unless {@code -Dsaleday.injector.cpu} asks for a CPU, then requests = limits. */
class InjectorJobTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(InjectorFleet.CPU_PROPERTY);
    }

    @Test
    void theInjectorContainerAsksForAndIsHeldToTheCpuGiven() {
        Container plain = container(InjectorFleet.job("shop", "saleday-injectors-x", 3, "saleday/harness:1"));
        assertThat(plain.getResources()).satisfiesAnyOf(
                resources -> assertThat(resources).isNull(),
                resources -> assertThat(resources.getLimits()).isNullOrEmpty());

        System.setProperty(InjectorFleet.CPU_PROPERTY, "1500m");
        Container sized = container(InjectorFleet.job("shop", "saleday-injectors-x", 3, "saleday/harness:1"));

        assertThat(sized.getResources().getRequests()).isEqualTo(Map.of("cpu", new Quantity("1500m")));
        assertThat(sized.getResources().getLimits()).isEqualTo(Map.of("cpu", new Quantity("1500m")));
        assertThat(sized.getArgs()).containsExactly("inject");
    }

    private static Container container(Job job) {
        return job.getSpec().getTemplate().getSpec().getContainers().get(0);
    }
}
