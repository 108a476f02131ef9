using System.Data.Common;
using System.Reflection;

namespace Enjoin.Storage.Relational;

/// <summary>Applies the numbered SQL files of a database, each once, in order, at start.</summary>
public static class Migrations
{
    public static void Apply(DbConnection connection, SqlDialect dialect)
    {
        using (var create = connection.CreateCommand())
        {
            create.CommandText = dialect.MigrationsTable;
            create.ExecuteNonQuery();
        }

        var assembly = typeof(Migrations).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(dialect.MigrationPrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        foreach (var resource in files)
        {
            var name = resource[dialect.MigrationPrefix.Length..];
            var version = int.Parse(name[..name.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            using var transaction = dialect.BeginWrite(connection);
            using (var check = connection.CreateCommand())
            {
                check.Transaction = transaction;
                check.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = @v";
                AddParameter(check, "@v", version);
                if (Convert.ToInt64(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0) continue;
            }
            using (var apply = connection.CreateCommand())
            {
                apply.Transaction = transaction;
                apply.CommandText = Read(assembly, resource);
                apply.ExecuteNonQuery();
            }
            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version, name) VALUES (@v, @n)";
                AddParameter(record, "@v", version);
                AddParameter(record, "@n", name);
                record.ExecuteNonQuery();
            }
            transaction.Commit();
        }
    }

    static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
