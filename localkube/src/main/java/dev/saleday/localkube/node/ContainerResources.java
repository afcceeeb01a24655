package dev.saleday.localkube.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The limits of one container, in units a process launcher can use.
 *
 * @param memoryLimitBytes   {@code resources.limits.memory}, if set
 * @param cpuLimitMillicores {@code resources.limits.cpu}, if set
 */
public record ContainerResources(OptionalLong memoryLimitBytes, OptionalLong cpuLimitMillicores) {

    public static final ContainerResources NONE = new ContainerResources(OptionalLong.empty(), OptionalLong.empty());

    static ContainerResources limitsOf(Container container) {
        if (container.getResources() == null || container.getResources().getLimits() == null) {
            return NONE;
        }
        Map<String, Quantity> limits = container.getResources().getLimits();
        return new ContainerResources(amount(limits.get("memory"), BigDecimal.ONE),
                amount(limits.get("cpu"), BigDecimal.valueOf(1000)));
    }

    private static OptionalLong amount(Quantity quantity, BigDecimal scale) {
        if (quantity == null) {
            return OptionalLong.empty();
        }
        BigDecimal value = Quantity.getAmountInBytes(quantity).multiply(scale);
        return OptionalLong.of(value.setScale(0, RoundingMode.CEILING).longValueExact());
    }
}
