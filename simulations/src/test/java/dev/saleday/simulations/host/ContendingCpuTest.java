package dev.saleday.simulations.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContendingCpuTest {

    private static ProcFs.ProcStat proc(long pid, long ppid, int nice, long ticks) {
        return new ProcFs.ProcStat(pid, ppid, nice, ticks, pid == 2 || ppid == 2);
    }

    @Test
    void onlyOtherWorkAtOurPriorityOrAboveCounts() {
        ContendingCpu contending = new ContendingCpu();
        Map<Long, ProcFs.ProcStat> before = Map.of(
                100L, proc(100, 1, 0, 1000),  // the injector
                101L, proc(101, 100, 0, 50),  // a pod, its child
                102L, proc(102, 101, 0, 10),  // the pod's own child
                200L, proc(200, 1, 0, 500),   // a busy loop at normal priority
                300L, proc(300, 1, 19, 700),  // a niced loop
                400L, proc(400, 2, 0, 40));   // a kernel thread
        assertThat(contending.advance(Optional.of(before), List.of(100L, 101L))).isEmpty();
        Map<Long, ProcFs.ProcStat> after = Map.of(
                100L, proc(100, 1, 0, 1080),
                101L, proc(101, 100, 0, 90),
                102L, proc(102, 101, 0, 30),
                200L, proc(200, 1, 0, 590),
                300L, proc(300, 1, 19, 799),
                400L, proc(400, 2, 0, 45),
                500L, proc(500, 1, -5, 7));   // started since, above our priority: counts whole
        assertThat(contending.advance(Optional.of(after), List.of(100L, 101L))).contains((90 + 7) * 10.0);
    }

    @Test
    void anUnreadableProcIsMissingNotZero() {
        ContendingCpu contending = new ContendingCpu();
        Map<Long, ProcFs.ProcStat> now = Map.of(100L, proc(100, 1, 0, 1000));
        contending.advance(Optional.of(now), List.of(100L));
        assertThat(contending.advance(Optional.empty(), List.of(100L))).isEmpty();
        assertThat(contending.advance(Optional.of(now), List.of(100L))).as("no earlier read").isEmpty();
        assertThat(contending.advance(Optional.of(now), List.of(100L))).contains(0.0);
    }

    @Test
    void statLinesWithSpacesAndParenthesesInTheCommandAreRead() {
        String line = "4711 (Gatling (io) 1) S 4700 4711 4711 0 -1 4194560 100 0 0 0 1234 56 0 0 20 19 40 0 100 0";
        assertThat(ProcFs.procStat(4711, line)).contains(new ProcFs.ProcStat(4711, 4700, 19, 1290, false));
        assertThat(ProcFs.procStat(3, "3 (kworker/0:0) I 2 0 0 0 -1 0 0 0 0 0 5 6 0 0 0 -20 1 0 1 0"))
                .contains(new ProcFs.ProcStat(3, 2, -20, 11, true));
        assertThat(ProcFs.procStat(9, "9 (broken")).isEmpty();
    }

    @Test
    void thisMachinesProcIsReadWithThisJvmInIt() {
        Optional<Map<Long, ProcFs.ProcStat>> now = ProcFs.system().processes();
        if (System.getProperty("os.name").startsWith("Linux")) {
            assertThat(now).isPresent();
            assertThat(now.get()).containsKey(ProcessHandle.current().pid());
        } else {
            assertThat(now).isEmpty();
        }
    }

    private static ProcFs.ProcStat inGroup(long pid, int nice, long ticks, long group, int groupNice) {
        return new ProcFs.ProcStat(pid, 1, nice, ticks, false, new ProcFs.Autogroup(group, groupNice));
    }

    @Test
    void withAutogroupsANicedJobInAnotherSessionContendsUnlessItsGroupIsNiced() {
        ContendingCpu contending = new ContendingCpu();
        Map<Long, ProcFs.ProcStat> before = Map.of(
                100L, inGroup(100, 0, 1000, 7, 0),   // the injector, session group 7
                200L, inGroup(200, 19, 0, 7, 0),     // nice -n 19 in our session: yields
                300L, inGroup(300, 19, 0, 8, 0),     // nice -n 19 in another session: its group competes as ours
                400L, inGroup(400, 0, 0, 9, 19),     // a group niced through /proc/PID/autogroup: yields
                500L, new ProcFs.ProcStat(500, 1, 19, 0, false)); // its group unreadable: judged by its nice value
        contending.advance(Optional.of(before), List.of(100L));
        Map<Long, ProcFs.ProcStat> after = Map.of(
                100L, inGroup(100, 0, 1050, 7, 0),
                200L, inGroup(200, 19, 40, 7, 0),
                300L, inGroup(300, 19, 60, 8, 0),
                400L, inGroup(400, 0, 80, 9, 19),
                500L, new ProcFs.ProcStat(500, 1, 19, 30, false));
        assertThat(contending.advance(Optional.of(after), List.of(100L))).contains(60 * 10.0);
    }

    @Test
    void aProcessOfTheRootGroupCompetesWithTheSessionGroupsByItsOwnNiceValue() {
        ProcFs.Autogroup root = ProcFs.Autogroup.ROOT;
        ContendingCpu contending = new ContendingCpu();
        Map<Long, ProcFs.ProcStat> before = Map.of(
                100L, new ProcFs.ProcStat(100, 1, 0, 1000, false, root), // the injector, of no session group
                200L, new ProcFs.ProcStat(200, 1, 19, 0, false, root),   // nice -n 19 beside it: yields
                300L, inGroup(300, 19, 0, 8, 0));                         // setsid nice -n 19: a group as heavy
        contending.advance(Optional.of(before), List.of(100L));
        Map<Long, ProcFs.ProcStat> after = Map.of(
                100L, new ProcFs.ProcStat(100, 1, 0, 1050, false, root),
                200L, new ProcFs.ProcStat(200, 1, 19, 40, false, root),
                300L, inGroup(300, 19, 60, 8, 0));
        assertThat(contending.advance(Optional.of(after), List.of(100L))).contains(60 * 10.0);

        ProcFs.ProcStat injectorInAGroup = inGroup(100, 0, 0, 7, 0);
        assertThat(ContendingCpu.yields(new ProcFs.ProcStat(200, 1, 0, 0, false, root), injectorInAGroup)).isFalse();
        assertThat(ContendingCpu.yields(new ProcFs.ProcStat(200, 1, 19, 0, false, root), injectorInAGroup)).isTrue();
    }
}
