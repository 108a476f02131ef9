namespace Enjoin.Storage; public static class Placeholder { }
