package dev.saleday.simulations;

import dev.saleday.simulations.probe.Prober;
import dev.saleday.simulations.probe.ProberSettings;
import dev.saleday.simulations.traffic.TrafficModel;
import io.gatling.javaapi.core.Simulation;

import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What every saleday simulation shares: settings from {@link LoadRun} (in-process) or from {@code -Dsaleday.*}
 * (plain Gatling), the traffic as open-injection scenarios, the SLOs as assertions when the settings carry them
 * (a plain {@code gatling:test} run; a saleday run leaves them to its verdict), and the recorder that writes
 * injector.jsonl and answers.jsonl. Subclasses only say which traffic to drive when run by plain Gatling.
 */
abstract class TrafficSimulation extends Simulation {

    private final SimulationHandoff handoff;
    private final LoadSettings settings;
    private final LoadRecorder recorder;
    private final KneeDetector kneeDetector;
    private Prober prober;

    protected TrafficSimulation() {
        this.handoff = SimulationHandoff.current().orElse(null);
        this.settings = handoff != null ? handoff.settings() : settingsFromProperties();
        TrafficModel model = handoff != null ? handoff.model() : TrafficModel.of(settings.traffic());
        this.recorder = new LoadRecorder(model, settings.shard(), settings.runDir(), settings.listener(),
                settings.minAchievedFraction(), settings.slo() != null ? settings.slo().maxSendLag()
                        : dev.saleday.plan.PlanDefaults.MAX_SEND_LAG);
        Duration requestTimeout = settings.traffic().requestTimeout();
        this.kneeDetector = searchesCapacity()
                ? new KneeDetector(capacityBounds(settings), requestTimeout, settings.runDir())
                : null;
        if (kneeDetector != null) {
            recorder.onTick(kneeDetector::check);
        }
        Set<String> phasesWithRequests = new HashSet<>();
        for (int i = 0; i < model.schedule().phases().size(); i++) {
            if (model.schedule().shardCountInPhase(settings.shard(), i) > 0) {
                phasesWithRequests.add(model.schedule().phases().get(i).name());
            }
        }
        setUp(TrafficScenarios.populations(recorder, requestTimeout, kneeDetector == null ? null : kneeDetector::reached))
                .protocols(TrafficScenarios.protocol(settings.targetUrl(), settings.traffic().connections()))
                .assertions(SloAssertions.from(settings.slo(), phasesWithRequests));
    }

    /** Settings of a plain Gatling run, from {@code -Dsaleday.*}. */
    protected abstract LoadSettings settingsFromProperties();

    /** Whether this simulation stops at the first step over the capacity bounds. */
    protected boolean searchesCapacity() {
        return false;
    }

    protected LoadSettings.CapacityBounds capacityBounds(LoadSettings loadSettings) {
        return loadSettings.capacityBounds() == null ? LoadSettings.CapacityBounds.DEFAULT : loadSettings.capacityBounds();
    }

    @Override
    public void before() {
        double probeRps = handoff == null ? SimulationProperties.number(SimulationProperties.PROBE_RPS, 0) : 0;
        if (probeRps > 0) {
            // Plain Gatling runs may bring their own prober; under LoadRun the caller runs it around the load.
            prober = Prober.start(ProberSettings.of(settings.targetUrl(), settings.runDir()).withRateRps(probeRps));
        }
        // The recorder starts with the injector: see TrafficScenarios' load-start user.
        try {
            settings.listener().beforeLoad();
        } catch (RuntimeException e) {
            System.err.println("saleday: the load listener failed before the load: " + e); // never stops the load
        }
    }

    /** Never throws: an exception here would mark Gatling's run as crashed and lose its report. */
    @Override
    public void after() {
        try {
            recorder.close();
            if (kneeDetector != null) {
                kneeDetector.close();
            }
            InjectorHealth health = recorder.health();
            if (health.behind()) {
                System.err.println(health.warning());
            } else {
                System.out.printf("saleday: injector kept up: sent %d of %d intended requests (%.1f %%)%n",
                        health.sentRequests(), health.intendedRequests(), health.achievedFraction() * 100);
            }
            if (!health.hostNotice().isEmpty()) { // a pinned host while the injector kept up: said apart
                System.err.println(health.hostNotice());
            }
            Optional<LoadResult.Knee> knee = kneeDetector == null ? Optional.empty() : kneeDetector.knee();
            if (handoff != null) {
                handoff.complete(new SimulationHandoff.Outcome(recorder.loadStartMs(), recorder.phaseCounts(), health, knee));
            }
        } catch (RuntimeException e) {
            System.err.println("saleday: closing the load's records failed: " + e);
        } finally {
            if (prober != null) {
                prober.close();
            }
        }
    }
}
