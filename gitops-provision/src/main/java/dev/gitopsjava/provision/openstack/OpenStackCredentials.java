package dev.gitopsjava.provision.openstack;

import dev.gitopsjava.provision.spi.PermanentProviderException;
import dev.gitopsjava.provision.spi.ProviderSettings;
import java.util.Optional;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * How to authenticate with Keystone v3, read from spec options (non-secret values) and the
 * {@code OS_*} environment (clouds.yaml's names). Secrets are read from the environment only and
 * never appear in {@link #toString()} or messages.
 */
final class OpenStackCredentials {
  private final String authUrl;
  private final ObjectNode authBody;
  private final String method;

  private OpenStackCredentials(String authUrl, ObjectNode authBody, String method) {
    this.authUrl = authUrl;
    this.authBody = authBody;
    this.method = method;
  }

  String authUrl() {
    return authUrl;
  }

  /** The body of {@code POST /v3/auth/tokens}; holds the secret, so never log it. */
  ObjectNode authBody() {
    return authBody.deepCopy();
  }

  static OpenStackCredentials from(ProviderSettings s) {
    String authUrl = setting(s, "auth_url", "OS_AUTH_URL")
        .orElseThrow(() -> missing("auth_url option or OS_AUTH_URL"));
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode auth = f.objectNode();
    ObjectNode identity = auth.putObject("auth").putObject("identity");
    Optional<String> appCredId =
        setting(s, "application_credential_id", "OS_APPLICATION_CREDENTIAL_ID");
    Optional<String> appCredName =
        setting(s, "application_credential_name", "OS_APPLICATION_CREDENTIAL_NAME");
    if (appCredId.isPresent() || appCredName.isPresent()) {
      String secret = s.env("OS_APPLICATION_CREDENTIAL_SECRET")
          .orElseThrow(() -> missing("OS_APPLICATION_CREDENTIAL_SECRET"));
      identity.putArray("methods").add("application_credential");
      ObjectNode cred = identity.putObject("application_credential");
      if (appCredId.isPresent()) {
        cred.put("id", appCredId.get());
      } else {
        cred.put("name", appCredName.get());
        cred.set("user", user(s, f));
      }
      cred.put("secret", secret);
      // An application credential carries its own project scope: no "scope" block.
      return new OpenStackCredentials(authUrl, auth, "application_credential");
    }
    String password = s.env("OS_PASSWORD").orElseThrow(() -> missing("OS_PASSWORD"));
    identity.putArray("methods").add("password");
    ObjectNode user = user(s, f);
    user.put("password", password);
    identity.putObject("password").set("user", user);
    ObjectNode project = f.objectNode();
    Optional<String> projectId = setting(s, "project_id", "OS_PROJECT_ID");
    if (projectId.isPresent()) {
      project.put("id", projectId.get());
    } else {
      project.put("name", setting(s, "project_name", "OS_PROJECT_NAME")
          .orElseThrow(() -> missing("project_name option or OS_PROJECT_NAME (or project_id)")));
      project.set("domain", domain(s, f, "project_domain_id", "OS_PROJECT_DOMAIN_ID",
          "project_domain_name", "OS_PROJECT_DOMAIN_NAME"));
    }
    ((ObjectNode) auth.get("auth")).putObject("scope").set("project", project);
    return new OpenStackCredentials(authUrl, auth, "password");
  }

  private static ObjectNode user(ProviderSettings s, JsonNodeFactory f) {
    ObjectNode user = f.objectNode();
    Optional<String> userId = setting(s, "user_id", "OS_USER_ID");
    if (userId.isPresent()) {
      user.put("id", userId.get());
    } else {
      user.put("name", setting(s, "username", "OS_USERNAME")
          .orElseThrow(() -> missing("username option or OS_USERNAME (or user_id)")));
      user.set("domain", domain(s, f, "user_domain_id", "OS_USER_DOMAIN_ID",
          "user_domain_name", "OS_USER_DOMAIN_NAME"));
    }
    return user;
  }

  private static ObjectNode domain(ProviderSettings s, JsonNodeFactory f, String idOption,
      String idEnv, String nameOption, String nameEnv) {
    ObjectNode domain = f.objectNode();
    Optional<String> id = setting(s, idOption, idEnv);
    if (id.isPresent()) {
      domain.put("id", id.get());
    } else {
      domain.put("name", setting(s, nameOption, nameEnv).orElse("Default"));
    }
    return domain;
  }

  /** A spec option wins over the environment variable (options are never secrets). */
  static Optional<String> setting(ProviderSettings s, String option, String env) {
    return s.option(option).filter(v -> !v.isBlank()).or(() -> s.env(env));
  }

  private static PermanentProviderException missing(String what) {
    return new PermanentProviderException(OpenStackProvider.NAME, "missing setting: " + what);
  }

  @Override
  public String toString() {
    return "OpenStackCredentials[authUrl=" + authUrl + ", method=" + method + "]";
  }
}
