#[test]
fn scratch() {
    let kb = kompas_kb::load_dir(std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../kb/webshop"))).unwrap();
    let c = kompas_logic::compile(&kb);
    let n = c.vars.len();
    let all: Vec<bool> = (0..n).map(|v| c.derived_default(v).is_some()).collect();
    let eff = |read: &[usize], left_out: &[bool]| { let mut out = read.to_vec(); let mut i = 0;
        while i < out.len() { let v = out[i]; if left_out[v] { if let Some(dd) = c.derived_default(v) { for &r in &dd.reads { if !out.contains(&r) { out.push(r); } } } } i += 1; } out.sort(); out };
    for cc in &c.capabilities {
        if kb.capabilities[cc.index].id != "service_mesh" { continue; }
        let mut tools = Vec::new();
        for p in cc.tools.iter().flatten() { p.for_each_var(&mut |v| tools.push(v)); }
        tools.sort_unstable(); tools.dedup();
        let reach = eff(&tools, &all);
        let derived: Vec<usize> = reach.iter().copied().filter(|v| all[*v]).collect();
        println!("derived {:?}", derived.iter().map(|v| &kb.inputs[c.var_input[*v]].id).collect::<Vec<_>>());
        for mode in 0..(1u64<<derived.len()) {
            let mut left = vec![false; n];
            for (i,&v) in derived.iter().enumerate() { left[v] = mode & (1<<i) == 0; }
            let e = eff(&tools, &left);
            let free: Vec<usize> = e.iter().copied().filter(|v| !left[*v]).collect();
            let sp = kompas_logic::Space::new(&c.vars, &free);
            println!("mode {mode}: {} {:?}", sp.size(), free.iter().map(|v| (kb.inputs[c.var_input[*v]].id.clone(), c.vars[*v].class_count())).collect::<Vec<_>>());
        }
    }
}
