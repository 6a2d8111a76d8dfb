/** The e-book library's catalogue: search it, add a book, change how many copies are
licensed (new copies go to the holds queue at once). */

import { useState } from "preact/hooks";
import { api, unwrap } from "../../citizen/session";
import type { Schemas } from "../../sdk";
import { ErrorText, Field, TextArea, useAction } from "../../ui/components";
import { st } from "../i18n";
import { Empty, Loading, Pager, Region, usePages } from "../ui";

export function LibraryPage() {
  const [q, setQ] = useState("");
  const pages = usePages(
    (cursor) =>
      unwrap(
        api.GET("/api/v1/library/books", {
          params: { query: { q: q.trim() || undefined, cursor: cursor ?? undefined } },
        }),
      ),
    [q],
  );
  const items = pages.page.data?.items ?? [];
  return (
    <section>
      <h1>{st("adminLibrary")}</h1>
      <form onSubmit={(e) => e.preventDefault()}>
        <Field
          label={st("searchBooks")}
          type="search"
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
      </form>
      <Loading resource={pages.page} />
      <Empty when={pages.page.data !== undefined && items.length === 0} text={st("noBooks")} />
      <ul>
        {items.map((b) => (
          <Book key={b.id} book={b} done={pages.page.reload} />
        ))}
      </ul>
      <Pager number={pages.number} next={pages.next} previous={pages.previous} />
      <NewBook done={pages.page.reload} />
    </section>
  );
}

function Book({ book, done }: { book: Schemas["BookRead"]; done: () => void }) {
  const [copies, setCopies] = useState(String(book.licensed_copies));
  const save = useAction(async () => {
    await unwrap(
      api.PATCH("/api/v1/library/books/{book_id}", {
        params: { path: { book_id: book.id } },
        body: { licensed_copies: Number(copies) },
      }),
    );
    done();
  });
  return (
    <li>
      <b>{book.title}</b> · {book.author} · {book.language} ·{" "}
      {st("copies", {
        available: book.available_copies,
        licensed: book.licensed_copies,
        holds: book.holds_count,
      })}
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          void save.run();
        }}
      >
        <Field
          label={st("licensedCopiesOf", { title: book.title })}
          type="number"
          min={0}
          value={copies}
          onInput={(e) => setCopies(e.currentTarget.value)}
        />
        <button type="submit" disabled={save.busy}>
          {st("saveCopies", { title: book.title })}
        </button>
        <ErrorText error={save.error} />
      </form>
    </li>
  );
}

function NewBook({ done }: { done: () => void }) {
  const [form, setForm] = useState({
    title: "",
    author: "",
    language: "ko",
    description: "",
    copies: "1",
  });
  const set = (patch: Partial<typeof form>) => setForm({ ...form, ...patch });
  const add = useAction(async () => {
    await unwrap(
      api.POST("/api/v1/library/books", {
        body: {
          title: form.title,
          author: form.author,
          language: form.language,
          description: form.description,
          licensed_copies: Number(form.copies),
        },
      }),
    );
    set({ title: "", author: "", description: "" });
    done();
  });
  return (
    <Region title={st("newBook")}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void add.run();
        }}
      >
        <Field
          label={st("bookTitle")}
          required
          value={form.title}
          onInput={(e) => set({ title: e.currentTarget.value })}
        />
        <Field
          label={st("bookAuthor")}
          required
          value={form.author}
          onInput={(e) => set({ author: e.currentTarget.value })}
        />
        <Field
          label={st("bookLanguage")}
          required
          pattern="[a-z]{2,3}"
          value={form.language}
          onInput={(e) => set({ language: e.currentTarget.value })}
        />
        <TextArea
          label={st("description")}
          value={form.description}
          onInput={(e) => set({ description: e.currentTarget.value })}
        />
        <Field
          label={st("licensedCopies")}
          type="number"
          min={1}
          required
          value={form.copies}
          onInput={(e) => set({ copies: e.currentTarget.value })}
        />
        <button type="submit" disabled={add.busy}>
          {st("addBook")}
        </button>
        <ErrorText error={add.error} />
      </form>
    </Region>
  );
}
