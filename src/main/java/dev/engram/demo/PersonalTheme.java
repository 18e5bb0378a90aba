package dev.engram.demo;

import static dev.engram.demo.EntitySeed.person;
import static dev.engram.demo.EntitySeed.thing;

import java.util.List;

/** The {@code personal} facet: family, friends, the flat and the weekend. */
final class PersonalTheme {
    static final FacetTheme THEME = new FacetTheme("personal", "Personal", "Family, friends, home and weekends",
            "#10b981", "\uD83C\uDFE1", false,
            List.of(
                    person("Sol Okafor", "Maren's brother, lives in Porto, calls on Sundays", List.of("Sol"),
                            "brother", "sol@okafor.example"),
                    person("Inês Duarte", "Close friend from university; organises the monthly dinner",
                            List.of("Inês", "Ines"), "friend", "ines.duarte@mail.example"),
                    person("Rui Matos", "Neighbour downstairs, handy with plumbing", List.of("Rui"), "neighbour",
                            "rui.matos@mail.example"),
                    thing("Place", "Campo de Ourique market", "Saturday market for groceries and flowers",
                            List.of("the market"), "errands"),
                    thing("Project", "Kitchen repairs", "The dripping tap and the loose cupboard door",
                            List.of("the kitchen"), "home"),
                    thing("Project", "Sintra weekend", "A weekend away planned for next month", List.of("Sintra"),
                            "travel")),
            List.of("the Sintra weekend", "the dripping kitchen tap", "Inês's birthday dinner", "the grocery list",
                    "flights for the holidays", "moving the bookshelf", "the electricity bill", "Sol's new job"),
            List.of("Call with Sol", "Dinner with Inês", "Plumber visit", "Market run"),
            List.of("Buy a new washer for the kitchen tap", "Book the train to Sintra", "Pay the electricity bill",
                    "Pick up the dry cleaning", "Call Sol back about the holidays",
                    "Order a birthday present for Inês", "Water the balcony plants", "Return the library books"),
            List.of("Sol starts his new job in Porto next Monday.",
                    "The Sintra weekend is booked: train on Friday evening, back Sunday.",
                    "Rui fixed the kitchen tap; it no longer drips.",
                    "Inês moved the monthly dinner to Thursday."));

    private PersonalTheme() {
    }
}
