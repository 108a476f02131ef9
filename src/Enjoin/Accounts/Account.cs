namespace Enjoin.Accounts;

/// <summary>The roles of DESIGN §2 and issue 4: what a person or system may do.</summary>
public enum Role { Admin, Legal, Reviewer, RightsHolder, Marketplace, Auditor }

/// <summary>A person who signs in. <c>Owner</c> binds a rights_holder account to one rights holder.</summary>
public sealed record User(string Name, Role Role, string? Owner, string PasswordHash, DateTimeOffset Created);

/// <summary>A system's API key; only a SHA-256 of its secret is kept.</summary>
public sealed record ApiKey(string Id, string SecretSha, Role Role, string? Owner, DateTimeOffset Created, DateTimeOffset? RevokedAt);
