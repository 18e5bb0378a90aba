package dev.engram.demo;

import java.util.List;

/**
 * Dialogue templates per activity: what the owner says, and what the other people in the scene say. Filled by
 * {@link Scene#fill}; combined at random, so two segments rarely read alike.
 */
final class Lines {
    private static final List<String> MEETING_OWNER = List.of(
            "Okay, let's start with {topic}, since that's the one blocking {project}.",
            "I looked at it again last night and I think we're overcomplicating {topic}.",
            "Can we agree on an owner before we leave? I'm happy to take it if nobody else wants it.",
            "My worry is that we ship it and then {company} finds the edge case before we do.",
            "{person}, do you have numbers for that? Last time I checked it was around {n} a minute.",
            "Let's timebox this to ten minutes and move the rest to the doc.",
            "I'd rather do the boring version first and measure it.",
            "So the action items are: I write it up, {person} checks the dashboards, and we revisit on Thursday.",
            "That matches what I saw in {tool} this morning.",
            "If we split it into two steps, the first one is reversible, which I like.");
    private static final List<String> MEETING_OTHER = List.of(
            "From my side, {topic} is mostly done, I just need a review.",
            "We tried that in the spring and it fell over under load, so I'm a bit skeptical.",
            "I can pair with {owner} on it tomorrow morning.",
            "The numbers are better than last week, roughly {pct} percent of the way there.",
            "Quick update on {project}: nothing dramatic, two small fixes went out yesterday.",
            "I'll put the link to the dashboard in the chat.",
            "Honestly I think {company} cares more about the date than the details.",
            "Can we park that? I want to make sure we get to {topic} today.",
            "I'm not blocked, but I would like a second pair of eyes on the rollback plan.",
            "Agreed. Let's write down the decision so we don't relitigate it next week.",
            "Sorry, I was on mute. Yes, that works for me.");
    private static final List<String> SOLO = List.of(
            "Right, where was I. {topic}.",
            "Okay, that test passes now. Let's see if the other {n} do too.",
            "Note to self: ask {person} about {topic} tomorrow.",
            "Why is this taking {n} seconds? That can't be right.",
            "Let me just rerun it with the logging turned up.",
            "Hm. That's the third time this week {tool} has done that.",
            "Fine, I'll write it down before I forget: check {topic} after lunch.",
            "That's better. Commit, push, and then a coffee.");
    private static final List<String> PAIR = List.of(
            "Do you see the same thing on your machine?",
            "Try it with the flag off and see if it still happens.",
            "I think the bug is in the retry loop, not in the parser.",
            "Ship it, we can clean that up in a follow-up.");
    private static final List<String> CALL_OWNER = List.of(
            "Hey! Sorry, I just got home. How are you?",
            "So about {topic}, I was thinking we could sort it out this weekend.",
            "I can't do Friday, but Saturday morning works.",
            "Oh, that's great news. Tell me everything.",
            "I'll send you the details tonight, promise.",
            "Let me check the calendar and call you back.");
    private static final List<String> CALL_OTHER = List.of(
            "I'm good, a bit tired. Work has been a lot this week.",
            "Did you ever sort out {topic}?",
            "Mum asked if you're coming in December.",
            "Saturday's perfect. Shall I bring something?",
            "Don't worry about it, there's no rush.",
            "I found a place that does it for half the price, I'll send you the link.");
    private static final List<String> ERRANDS = List.of(
            "Milk, eggs, the good bread, and something for the plants.",
            "Okay, the bill is paid. One thing off the list.",
            "I need to remember {topic} before the weekend.",
            "That's more expensive than last time. Let's look somewhere else.",
            "Done. Now the train tickets.");
    private static final List<String> WORKOUT = List.of(
            "Set two of three. Knee feels fine today.",
            "Keep the pace easy, {person} said conversational pace.",
            "Four kilometres in, heart rate around one forty.",
            "Stretching now. Hamstrings are tight again.",
            "Next interval in thirty seconds.",
            "That felt easier than last week.");

    private Lines() {
    }

    static List<String> owner(Activity a) {
        return switch (a) {
            case MEETING -> MEETING_OWNER;
            case CALL -> CALL_OWNER;
            case ERRANDS -> ERRANDS;
            case WORKOUT -> WORKOUT;
            default -> SOLO;
        };
    }

    static List<String> other(Activity a) {
        return switch (a) {
            case MEETING -> MEETING_OTHER;
            case CALL -> CALL_OTHER;
            default -> PAIR;
        };
    }
}
