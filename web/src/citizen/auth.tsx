/** Sign in and sign up (with the consents of the current terms). */

import { useState } from "preact/hooks";
import { ApiError, type Schemas } from "../sdk";
import { ErrorText, Field, Link, Select, useAction, useResource } from "../ui/components";
import { locale, setLocale, t } from "../ui/i18n";
import { navigate } from "./router";
import { api, errorText, rest, signIn, unwrap } from "./session";

/** Sign in, then go to `next` (the staff consoles stay where they were asked for). */
export function SignIn({ next = "/" }: { next?: string }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const action = useAction(async () => {
    try {
      await signIn(email, password);
      navigate(next);
    } catch (error) {
      throw new Error(errorText(error));
    }
  });
  return (
    <section class="narrow">
      <h1>{t("signIn")}</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void action.run();
        }}
      >
        <Field
          label={t("email")}
          type="email"
          autocomplete="username"
          required
          value={email}
          onInput={(e) => setEmail(e.currentTarget.value)}
        />
        <Field
          label={t("password")}
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        <ErrorText error={action.error} />
        <button type="submit" disabled={action.busy}>
          {t("signIn")}
        </button>
      </form>
      <p>
        {t("noAccount")} <Link href="/signup">{t("signUp")}</Link>
      </p>
    </section>
  );
}

type Terms = Schemas["TermsRead"];

export function SignUp() {
  const terms = useResource(() => unwrap(api.GET("/api/v1/consents/terms")));
  const [form, setForm] = useState({ email: "", password: "", display_name: "" });
  const [agreed, setAgreed] = useState<Record<string, boolean>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const action = useAction(async () => {
    const missing = (terms.data ?? []).some((term) => term.required && !agreed[term.purpose]);
    if (missing) throw new Error(t("consentRequired"));
    const { error, response } = await api.POST("/api/v1/auth/register", {
      body: { ...form, locale: locale.value },
    });
    if (error) {
      const problem = ApiError.fromBody(response.status, error);
      setErrors(problem.fields);
      throw new Error(problem.message);
    }
    await rest.signIn(form.email, form.password);
    for (const term of terms.data ?? []) {
      if (!agreed[term.purpose]) continue;
      await unwrap(
        api.PUT("/api/v1/users/me/consents/{purpose}", {
          params: { path: { purpose: term.purpose as Schemas["Purpose"] } },
          body: { granted: true, version: term.version },
        }),
      );
    }
    await signIn(form.email, form.password);
    navigate("/");
  });
  const set = (name: keyof typeof form) => (e: { currentTarget: HTMLInputElement }) =>
    setForm({ ...form, [name]: e.currentTarget.value });
  return (
    <section class="narrow">
      <h1>{t("signUp")}</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void action.run();
        }}
      >
        <Field
          label={t("email")}
          type="email"
          autocomplete="email"
          required
          value={form.email}
          error={errors.email}
          onInput={set("email")}
        />
        <Field
          label={t("password")}
          type="password"
          autocomplete="new-password"
          minLength={8}
          required
          value={form.password}
          error={errors.password}
          onInput={set("password")}
        />
        <Field
          label={t("displayName")}
          autocomplete="nickname"
          maxLength={40}
          required
          value={form.display_name}
          error={errors.display_name}
          onInput={set("display_name")}
        />
        <Select
          label={t("language")}
          value={locale.value}
          options={[
            { value: "ko", label: t("korean") },
            { value: "en", label: t("english") },
          ]}
          onChange={(e) => setLocale(e.currentTarget.value)}
        />
        <fieldset>
          <legend>{t("consents")}</legend>
          {(terms.data ?? []).map((term: Terms) => (
            <label class="check" key={term.purpose}>
              <input
                type="checkbox"
                checked={agreed[term.purpose] ?? false}
                required={term.required}
                onChange={(e) => setAgreed({ ...agreed, [term.purpose]: e.currentTarget.checked })}
              />{" "}
              {term.title} {term.required ? t("requiredConsent") : t("optionalConsent")}
            </label>
          ))}
        </fieldset>
        <ErrorText error={action.error} />
        <button type="submit" disabled={action.busy}>
          {t("signUp")}
        </button>
      </form>
      <p>
        {t("haveAccount")} <Link href="/signin">{t("signIn")}</Link>
      </p>
    </section>
  );
}
