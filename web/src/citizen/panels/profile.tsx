/** My profile: display name, language (the UI follows it where it has the strings; chat is
translated into it), chat translation on or off, avatar picture. */

import { useEffect, useState } from "preact/hooks";
import { ErrorText, Field, Select, Status, useAction, useResource } from "../../ui/components";
import { languageName, setLocale, t } from "../../ui/i18n";
import { api, me, unwrap } from "../session";

const BASE_LOCALES = ["ko", "en", "zh", "ja", "vi"];

export default function Profile() {
  const user = me.value;
  const [name, setName] = useState(user?.display_name ?? "");
  const [language, setLanguage] = useState(user?.locale ?? "ko");
  const [translate, setTranslate] = useState(user?.translate_chat ?? true);
  // Ko, en, zh, ja, vi, and what the city's translation engine adds.
  const offered = useResource(() => unwrap(api.GET("/api/v1/translation/languages", {})));
  const [picture, setPicture] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const loadPicture = async () => {
    if (!user) return;
    const { data, response } = await api.GET("/api/v1/users/{user_id}/avatar", {
      params: { path: { user_id: user.id } },
      parseAs: "blob",
    });
    setPicture(response.ok && data ? URL.createObjectURL(data as Blob) : null);
  };
  useEffect(() => {
    void loadPicture();
  }, []);

  const save = useAction(async () => {
    const updated = await unwrap(
      api.PATCH("/api/v1/users/me", {
        body: { display_name: name, locale: language, translate_chat: translate },
      }),
    );
    me.value = updated;
    setLocale(updated.locale);
    setDone(t("saved"));
  });
  const upload = useAction(async (file: File) => {
    const body = new FormData();
    body.append("file", file);
    await unwrap(
      api.PUT("/api/v1/users/me/avatar", {
        body: body as never,
        bodySerializer: (b) => b as unknown as FormData,
      }),
    );
    await loadPicture();
    setDone(t("saved"));
  });
  const remove = useAction(async () => {
    await unwrap(api.DELETE("/api/v1/users/me/avatar", {}));
    setPicture(null);
  });

  return (
    <section class="narrow">
      <h1>{t("profileTitle")}</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save.run();
        }}
      >
        <Field
          label={t("displayName")}
          maxLength={40}
          required
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
        <Select
          label={t("language")}
          value={language}
          options={(offered.data?.locales ?? BASE_LOCALES).map((code) => ({
            value: code,
            label: languageName(code),
          }))}
          onChange={(e) => setLanguage(e.currentTarget.value)}
        />
        <label class="check">
          <input
            type="checkbox"
            checked={translate}
            onChange={(e) => setTranslate(e.currentTarget.checked)}
          />{" "}
          {t("translateChat")}
        </label>
        <button type="submit" disabled={save.busy}>
          {t("save")}
        </button>
      </form>
      <h2>{t("avatar")}</h2>
      {picture && <img src={picture} alt={t("avatar")} width={96} height={96} />}
      <Field
        label={t("avatarUpload")}
        type="file"
        accept="image/jpeg,image/png,image/webp"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void upload.run(file);
        }}
      />
      {picture && (
        <button type="button" onClick={() => void remove.run()}>
          {t("avatarRemove")}
        </button>
      )}
      <ErrorText error={save.error ?? upload.error ?? remove.error} />
      <Status text={done} />
    </section>
  );
}
