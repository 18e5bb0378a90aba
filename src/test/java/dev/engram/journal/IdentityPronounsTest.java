package dev.engram.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rewrites of config/journal.json keep what Engram does not model inside identity.pronouns, or instead of it. */
class IdentityPronounsTest {
    @TempDir
    Path dir;

    @Test
    void unknownPronounKeysSurviveAnUnrelatedUpdate() throws IOException {
        Journal j = Journal.create(dir, "Owner");
        Files.writeString(dir.resolve("config/journal.json"), """
                {"identity": {"name": "Owner", "pronouns": {"subject": "she", "object": "her",
                  "possessive": "her", "reflexive": "herself", "custom": "x"}}, "convey": {}}
                """);
        j.updateConfig(c -> c.withConvey(c.convey().withTrustLocalhost(true)));
        Identity.Pronouns p = j.config().identity().pronouns();
        assertThat(p.subject()).isEqualTo("she");
        assertThat(p.extra().string("custom")).hasValue("x");
        j.updateConfig(c -> c.withIdentity(new Identity(c.identity().name(), c.identity().preferred(),
                c.identity().bio(), c.identity().pronouns().with("they", "them", "their", "themselves"),
                c.identity().aliases(), c.identity().emailAddresses(), c.identity().timezone(), c.identity().extra())));
        assertThat(j.config().identity().pronouns().subject()).isEqualTo("they");
        assertThat(j.config().identity().pronouns().extra().string("custom")).hasValue("x");
    }

    @Test
    void anUnstructuredLegacyValueIsKeptUntilThePronounsAreEdited() throws IOException {
        Journal j = Journal.create(dir, "Owner");
        Files.writeString(dir.resolve("config/journal.json"),
                "{\"identity\": {\"name\": \"Owner\", \"pronouns\": \"she/her\"}}");
        j.updateConfig(c -> c.withConvey(c.convey().withTrustLocalhost(true)));
        assertThat(Files.readString(dir.resolve("config/journal.json"))).contains("\"pronouns\" : \"she/her\"");
        assertThat(j.config().identity().pronouns()).isEqualTo(Identity.Pronouns.NONE);

        j.updateConfig(c -> c.withIdentity(new Identity(c.identity().name(), "", "",
                new Identity.Pronouns("she", "her", "her", "herself"), c.identity().aliases(),
                c.identity().emailAddresses(), "", c.identity().extra())));
        assertThat(Files.readString(dir.resolve("config/journal.json"))).doesNotContain("she/her");
        assertThat(j.config().identity().pronouns().reflexive()).isEqualTo("herself");
    }
}
