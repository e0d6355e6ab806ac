/** "Vị trí" trail above a page's title. Items with `href` are links; `current` marks the page itself. */
export function Breadcrumb(props: { items: { label: string; href?: string; current?: boolean }[]; noPrint?: boolean }) {
  return (
    <nav aria-label="Vị trí" className={props.noPrint ? "breadcrumb no-print" : "breadcrumb"}>
      <ol>
        {props.items.map((item, i) => (
          <li key={i} aria-current={item.current ? "page" : undefined}>
            {item.href ? <a href={item.href}>{item.label}</a> : item.label}
          </li>
        ))}
      </ol>
    </nav>
  );
}
