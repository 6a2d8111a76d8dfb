/** The e-book library: search, borrow or hold, my loans (return) and holds (cancel). */

import { useState } from "preact/hooks";
import { ErrorText, Field, Loading, useAction, useResource } from "../../ui/components";
import { dateTime, t } from "../../ui/i18n";
import { api, unwrap } from "../session";

export default function Library() {
  const [q, setQ] = useState("");
  const [search, setSearch] = useState("");
  const books = useResource(
    () =>
      unwrap(
        api.GET("/api/v1/library/books", {
          params: { query: { limit: 30, ...(search ? { q: search } : {}) } },
        }),
      ),
    [search],
  );
  const loans = useResource(() => unwrap(api.GET("/api/v1/library/loans/mine", {})));
  const holds = useResource(() => unwrap(api.GET("/api/v1/library/holds/mine", {})));
  const refresh = () => {
    books.reload();
    loans.reload();
    holds.reload();
  };
  const act = useAction(async (kind: "loan" | "hold" | "return" | "cancel", id: string) => {
    if (kind === "loan")
      await unwrap(
        api.POST("/api/v1/library/books/{book_id}/loans", { params: { path: { book_id: id } } }),
      );
    if (kind === "hold")
      await unwrap(
        api.POST("/api/v1/library/books/{book_id}/holds", { params: { path: { book_id: id } } }),
      );
    if (kind === "return")
      await unwrap(
        api.POST("/api/v1/library/loans/{loan_id}/return", { params: { path: { loan_id: id } } }),
      );
    if (kind === "cancel")
      await unwrap(
        api.DELETE("/api/v1/library/holds/{hold_id}", { params: { path: { hold_id: id } } }),
      );
    refresh();
  });
  return (
    <section>
      <h1>{t("servicelibrary")}</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          setSearch(q);
        }}
      >
        <Field
          label={t("librarySearch")}
          type="search"
          maxLength={100}
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
        <button type="submit">{t("search")}</button>
      </form>
      <Loading resource={books} />
      <ul>
        {(books.data?.items ?? []).map((book) => (
          <li key={book.id}>
            <strong>{book.title}</strong> · {book.author} ·{" "}
            {t("available", { n: book.available_copies, total: book.licensed_copies })}{" "}
            {book.available_copies > 0 ? (
              <button type="button" onClick={() => void act.run("loan", book.id)}>
                {t("borrow")}: {book.title}
              </button>
            ) : (
              <button type="button" onClick={() => void act.run("hold", book.id)}>
                {t("hold")}: {book.title}
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorText error={act.error} />
      <h2>{t("myLoans")}</h2>
      <ul>
        {(loans.data?.items ?? [])
          .filter((loan) => !loan.ended_at)
          .map((loan) => (
            <li key={loan.id}>
              {loan.book.title} · {t("due", { date: dateTime(loan.due_at) })}{" "}
              <button type="button" onClick={() => void act.run("return", loan.id)}>
                {t("returnBook")}: {loan.book.title}
              </button>
            </li>
          ))}
      </ul>
      <h2>{t("myHolds")}</h2>
      <ul>
        {(holds.data?.items ?? []).map((hold) => (
          <li key={hold.id}>
            {hold.book.title} · {t("holdPosition", { n: hold.position })}{" "}
            <button type="button" onClick={() => void act.run("cancel", hold.id)}>
              {t("cancelHold")}: {hold.book.title}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
