package dev.engram.cli;

import dev.engram.boot.CliCortex;
import dev.engram.cortex.api.AgentRun;
import dev.engram.cortex.api.Agents;
import dev.engram.cortex.api.RunEvent;
import dev.engram.journal.Day;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import tools.jackson.databind.json.JsonMapper;

@Command(name = "agents", description = "Agent runs kept in agents/.",
        subcommands = {AgentsCommand.ListRuns.class, AgentsCommand.Show.class})
final class AgentsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        throw new UsageException("say 'list' or 'show ID'");
    }

    @Command(name = "list", description = "The runs of a day (default: the latest day with runs), newest first:"
            + " id, time, status, persona, model, duration, tokens, prompt.")
    static final class ListRuns implements Callable<Integer> {
        @CommandLine.Mixin
        JournalOption journalOption;

        @CommandLine.Option(names = "--day", paramLabel = "YYYYMMDD", description = "Runs of this day.")
        String day;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Agents agents = CliCortex.agents(journalOption.open());
            LocalDate d;
            if (day != null) {
                d = IndexCommand.day(day).date();
            } else {
                List<LocalDate> days = agents.days();
                if (days.isEmpty()) {
                    out.println("No agent runs yet.");
                    return 0;
                }
                d = days.getFirst();
            }
            List<AgentRun> runs = agents.list(d);
            out.println(runs.size() + " run(s) on " + new Day(d).key());
            for (AgentRun r : runs) {
                String time = Instant.ofEpochMilli(r.startedMs()).atZone(ZoneId.systemDefault()).toLocalTime()
                        .withNano(0).toString();
                String took = r.endedMs().isPresent()
                        ? String.format("%.1fs", (r.endedMs().getAsLong() - r.startedMs()) / 1000.0) : "-";
                String prompt = r.prompt().replaceAll("\\s+", " ");
                out.printf("%s  %s  %-8s  %-12s  %-14s  %6s  %d/%d  %s%n", r.id(), time, r.state().label(),
                        r.persona(), r.model().isEmpty() ? "-" : r.model(), took, r.inputTokens(),
                        r.outputTokens(), prompt.length() > 60 ? prompt.substring(0, 60) + "…" : prompt);
            }
            return 0;
        }
    }

    @Command(name = "show", description = "A run's whole event log, one JSON line per event.")
    static final class Show implements Callable<Integer> {
        private static final JsonMapper JSON = JsonMapper.builder().build();

        @CommandLine.Mixin
        JournalOption journalOption;

        @CommandLine.Parameters(paramLabel = "ID", description = "The run's id.")
        String id;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Agents agents = CliCortex.agents(journalOption.open());
            AgentRun run = agents.find(id).orElseThrow(() -> new IllegalStateException("no agent run " + id
                    + " in agents/; 'engram agents list' shows the runs"));
            out.println("run " + run.id() + ": " + run.state().label() + ", persona " + run.persona()
                    + (run.model().isEmpty() ? "" : ", model " + run.model()));
            for (RunEvent e : agents.events(id)) {
                out.println(JSON.writeValueAsString(e.toMap()));
            }
            return 0;
        }
    }
}
