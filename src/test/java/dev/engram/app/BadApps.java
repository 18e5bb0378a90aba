package dev.engram.app;

/** Apps whose registration must fail, one problem each. */
final class BadApps {
    private BadApps() {
    }

    public static class TwoParams implements App {
        @Override
        public String name() {
            return "two_params";
        }

        @OnEvent(tract = "t", event = "e")
        public void handle(EventContext ctx, String extra) {
        }
    }

    public static class WrongType implements App {
        @Override
        public String name() {
            return "wrong_type";
        }

        @OnEvent(tract = "t", event = "e")
        public void handle(String ctx) {
        }
    }

    public static class NoParams implements App {
        @Override
        public String name() {
            return "no_params";
        }

        @OnEvent(tract = "t", event = "e")
        public void handle() {
        }
    }

    public static class NonVoid implements App {
        @Override
        public String name() {
            return "non_void";
        }

        @OnEvent(tract = "t", event = "e")
        public String handle(EventContext ctx) {
            return "x";
        }
    }

    public static class StaticHandler implements App {
        @Override
        public String name() {
            return "static_handler";
        }

        @OnEvent(tract = "t", event = "e")
        public static void handle(EventContext ctx) {
        }
    }

    public static class NotPublic implements App {
        @Override
        public String name() {
            return "not_public";
        }

        @OnEvent(tract = "t", event = "e")
        void handle(EventContext ctx) {
        }
    }

    public static class BlankPattern implements App {
        @Override
        public String name() {
            return "blank_pattern";
        }

        @OnEvent(tract = " ", event = "")
        public void handle(EventContext ctx) {
        }
    }

    public static class BadName implements App {
        @Override
        public String name() {
            return "Bad-Name";
        }
    }

    public static class FailingStart implements App {
        @Override
        public String name() {
            return "failing_start";
        }

        @Override
        public void start(AppContext context) {
            throw new IllegalStateException("no config");
        }

        @OnEvent(tract = "*", event = "*")
        public void handle(EventContext ctx) {
        }
    }

    /** A good app with a chosen name. */
    public static class Named implements App {
        private final String name;
        boolean started;

        Named(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void start(AppContext context) {
            started = true;
        }

        @OnEvent(tract = "t", event = "e")
        public void handle(EventContext ctx) {
        }
    }
}
