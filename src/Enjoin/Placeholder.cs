namespace Enjoin; public static class Placeholder { }
