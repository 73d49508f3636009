// The presenter's side of presentation mode, mounted once at the top of a step's main visual.
//  - Keys: ArrowRight, ArrowDown and Space go to the next step, ArrowLeft and ArrowUp to the previous one,
//    Home and End to the first and last, Escape leaves the presentation. (PageDown and PageUp, what a
//    clicker sends, are the Next and Previous buttons' own shortcuts.) Keys typed into a field, Space on a
//    button and Escape while something is fullscreen keep their usual meaning. The listener runs before
//    the map's, so the arrows change the step instead of panning the map.
//  - Room: where the visual starts on the page and how wide it is, and the window's size, so the server
//    can size the visual to what the screen leaves under the title and the takeaway (a step never scrolls).
export default function (component) {
  const { setStateValue, setTriggerValue, parentElement } = component;
  const host = parentElement.host || parentElement;
  const ACTIONS = { ArrowRight: "next", ArrowDown: "next", " ": "next", Spacebar: "next", ArrowLeft: "previous",
                    ArrowUp: "previous", Home: "first", End: "last", Escape: "leave" };
  const typing = (el) => !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName)
                                  || (el.getAttribute && el.getAttribute("role") === "combobox"));
  const fullscreen = () => !!(document.fullscreenElement
                              || document.querySelector('[data-testid="stFullScreenFrame"] [aria-label^="Close fullscreen"]'));
  const onKey = (event) => {
    const action = ACTIONS[event.key];
    if (!action || event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (typing(target)) return;
    if ((event.key === " " || event.key === "Spacebar") && target && target.closest && target.closest("button")) return;
    if (action === "leave" && fullscreen()) return;
    event.preventDefault();
    event.stopPropagation();
    setTriggerValue("key", action);
  };
  document.addEventListener("keydown", onKey, true);

  let last = null;
  const scrolled = () => {  // how far the page is scrolled, wherever Streamlit scrolls it
    let total = window.scrollY || 0;
    for (let el = host.parentElement; el; el = el.parentElement) total += el.scrollTop || 0;
    return total;
  };
  const report = () => {
    const box = host.getBoundingClientRect();
    const now = { top: Math.round(box.top + scrolled()), width: Math.round(box.width),
                  vw: Math.round(window.innerWidth), vh: Math.round(window.innerHeight) };
    if (now.width <= 0) return;
    if (last && Math.abs(now.top - last.top) < 8 && Math.abs(now.width - last.width) < 20
        && now.vw === last.vw && now.vh === last.vh) return;
    last = now;
    setStateValue("room", now);
  };
  let timer = null;
  const later = () => { clearTimeout(timer); timer = setTimeout(report, 200); };
  const observer = new ResizeObserver(later);
  observer.observe(host);
  const page = document.querySelector('[data-testid="stMainBlockContainer"]');
  if (page) observer.observe(page);
  window.addEventListener("resize", later);
  const settle = setTimeout(report, 600);
  report();
  return () => {
    document.removeEventListener("keydown", onKey, true);
    observer.disconnect();
    window.removeEventListener("resize", later);
    clearTimeout(timer);
    clearTimeout(settle);
  };
}
