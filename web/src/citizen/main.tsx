import { render } from "preact";
import "../ui/style.css";
import { App } from "./app";
import { boot } from "./session";

void boot();
render(<App />, document.getElementById("app") as HTMLElement);
