package dev.engram.demo;

/** The markdown a category follow-up produces for a frame: what was read, said, planned or browsed. */
final class CategoryText {
    private CategoryText() {
    }

    static String markdown(Scene scene, Dice dice) {
        return switch (scene.activity()) {
            case READING -> scene.fill("## " + dice.pick(java.util.List.of("Notes on {topic}",
                    "How we think about {topic}", "{tool}: configuration reference"))
                    + "\n\nThe page explains {topic} step by step, with a worked example and a warning about"
                    + " retries.\n\n- Key point: measure before changing defaults\n- {n} comments below the article\n",
                    dice);
            case MESSAGING -> scene.fill("**#" + scene.facet().name() + "** channel\n\n- **{person}:** "
                    + dice.pick(java.util.List.of("can you look at {topic} when you have a minute?",
                    "pushed a fix, {n} tests still red", "are we still on for the sync?"))
                    + "\n- **Maren:** " + dice.pick(java.util.List.of("on it", "give me ten minutes",
                    "yes, same time as usual")) + "\n", dice);
            case PLANNING -> scene.fill("### {project}\n\n| milestone | owner | status |\n|---|---|---|\n"
                    + "| {topic} | {person} | in progress |\n| review | Maren | next week |\n", dice);
            case ERRANDS -> scene.fill("**Page:** " + dice.pick(java.util.List.of("grocery delivery", "train tickets",
                    "electricity account")) + "\n\n- {n} items in the basket\n- delivery slot Saturday morning\n", dice);
            default -> scene.fill("Notes about {topic}.\n", dice);
        };
    }
}
