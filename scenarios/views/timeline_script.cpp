// The timeline page's script. Every time-placed element carries data-t0
// (seconds; data-t1 for bars and windows, data-dx for a pixel offset), so
// zooming re-places elements and re-labels the axis instead of stretching
// text. The view [t0, t1] of every timeline on the page shows in the URL as
// #zoom=T0,T1 and a page opened with one starts there. No '<' or '&' below:
// the page is also XML.
#include "reconsim/scenarios/views/detail/timeline_script.hpp"

namespace reconsim::scenarios::detail {

std::string_view timeline_script() {
  return R"(
(function(){
  var NS='http://www.w3.org/2000/svg';
  var tip=document.getElementById('tip');
  document.addEventListener('mousemove',function(ev){
    var el=ev.target;
    var h=el.getAttribute ? el.getAttribute('data-h') : null;
    if(!h){tip.style.display='none';return;}
    tip.textContent=h;
    tip.style.display='block';
    var x=ev.clientX+14, y=ev.clientY+14;
    if(x+tip.offsetWidth > window.innerWidth){x=Math.max(0,ev.clientX-tip.offsetWidth-14);}
    if(y+tip.offsetHeight > window.innerHeight){y=Math.max(0,ev.clientY-tip.offsetHeight-14);}
    tip.style.left=x+'px'; tip.style.top=y+'px';
  });

  function tickStep(pxps){
    var step=0.000001;
    for(var i=0;40 > i;i++){
      var m=[1,2,5];
      for(var j=0;3 > j;j++){ if(step*m[j]*pxps >= 80){ return step*m[j]; } }
      step*=10;
    }
    return step;
  }
  // Seconds with as many decimals as the step needs: 20s, 20.01s, 20.005s.
  function tickLabel(s,step){
    var d=Math.max(0,Math.ceil(-Math.log10(step)-1e-9));
    return s.toFixed(d)+'s';
  }
  function seconds(t){ return t >= 1 ? t.toFixed(3)+' s' : (t*1000).toFixed(3)+' ms'; }

  var views=[];
  function makeView(section){
    var svg=section.querySelector('svg.plot');
    if(!svg){ return null; }
    var v={svg:svg, section:section, lw:parseFloat(svg.getAttribute('data-label-width')),
           fitW:parseFloat(svg.getAttribute('data-plot-width')), fitEnd:parseFloat(svg.getAttribute('data-fit-end')),
           height:parseFloat(svg.getAttribute('height')), t0:0, t1:0, w:0, drag:null};
    v.t1=v.fitEnd; v.w=v.fitW;
    return v;
  }

  function place(v){
    var pxps=v.w/(v.t1-v.t0);
    var lw=v.lw;
    function X(t){ return lw+(t-v.t0)*pxps; }
    v.svg.setAttribute('width',(lw+v.w).toFixed(0));
    var wide=v.svg.querySelectorAll('.full-width');
    for(var a=0;wide.length > a;a++){ wide[a].setAttribute('width',(wide[a].classList.contains('clip') ? v.w : lw+v.w).toFixed(1)); }
    var els=v.svg.querySelectorAll('[data-t0]');
    for(var i=0;els.length > i;i++){
      var e=els[i];
      var t0=parseFloat(e.getAttribute('data-t0'));
      var x=X(t0)+parseFloat(e.getAttribute('data-dx') || '0');
      var tag=e.tagName.toLowerCase();
      if(tag==='rect'){
        e.setAttribute('x',x.toFixed(1));
        var t1=e.getAttribute('data-t1');
        if(t1 !== null){ e.setAttribute('width',Math.max(2,X(parseFloat(t1))-X(t0)).toFixed(1)); }
      } else if(tag==='circle'){ e.setAttribute('cx',x.toFixed(1)); }
      else if(tag==='line'){ var t1l=e.getAttribute('data-t1'); e.setAttribute('x1',x.toFixed(1)); e.setAttribute('x2',(t1l === null ? x : X(parseFloat(t1l))).toFixed(1)); }
      else if(tag==='path'){ e.setAttribute('d','M'+x.toFixed(1)+','+e.getAttribute('data-y')+' l6,-8 l-12,0 z'); }
      else { e.setAttribute('x',x.toFixed(1)); }
    }
    var g=v.svg.querySelector('g.ticks');
    while(g.firstChild){ g.removeChild(g.firstChild); }
    var step=tickStep(pxps);
    for(var k=Math.ceil(v.t0/step); v.t1 >= k*step; k++){
      var s=k*step, tx=X(s);
      var line=document.createElementNS(NS,'line');
      line.setAttribute('class','tick'); line.setAttribute('x1',tx.toFixed(1)); line.setAttribute('x2',tx.toFixed(1));
      line.setAttribute('y1','24'); line.setAttribute('y2',v.height.toFixed(1));
      var text=document.createElementNS(NS,'text');
      text.setAttribute('class','tick'); text.setAttribute('x',(tx+2).toFixed(1)); text.setAttribute('y','20');
      text.textContent=tickLabel(s,step);
      g.appendChild(line); g.appendChild(text);
    }
    var range=v.section.querySelector('.zoom-range');
    if(range){ range.textContent='showing '+seconds(v.t0)+' .. '+seconds(v.t1); }
    declutter(v);
  }

  // Labels that would overprint collapse into the one before them on their
  // row: it reads "label +N" and its hover lists the others. Redone at
  // every zoom, from each label's own text.
  function collapse(keep,hidden){
    if(!keep || hidden.length === 0){ return; }
    keep.textContent=keep.getAttribute('data-text')+' +'+hidden.length;
    keep.setAttribute('data-collapsed',String(hidden.length));
    keep.setAttribute('data-h','here too: '+hidden.join(', '));
  }
  function declutter(v){
    var lh=parseFloat(v.svg.getAttribute('data-lane-height')), ah=parseFloat(v.svg.getAttribute('data-axis-height'));
    var texts=v.svg.querySelectorAll('text.bar-label,text.mark-label');
    var rows={};
    for(var i=0;texts.length > i;i++){
      var t=texts[i];
      if(t.getAttribute('data-text') === null){ t.setAttribute('data-text',t.textContent); }
      t.textContent=t.getAttribute('data-text');
      t.removeAttribute('data-collapsed'); t.removeAttribute('data-h'); t.style.display='';
      var row=Math.floor((parseFloat(t.getAttribute('y'))-ah)/lh);
      if(!rows[row]){ rows[row]=[]; }
      rows[row].push(t);
    }
    for(var r in rows){
      var list=rows[r].sort(function(a,b){ return parseFloat(a.getAttribute('x'))-parseFloat(b.getAttribute('x')); });
      var keep=null, end=0, hidden=[];
      for(var j=0;list.length > j;j++){
        var x=parseFloat(list[j].getAttribute('x'));
        if(keep !== null){
          if(end+3 > x){ list[j].style.display='none'; hidden.push(list[j].getAttribute('data-text')); continue; }
        }
        collapse(keep,hidden);
        keep=list[j]; hidden=[]; end=x+keep.getComputedTextLength();
      }
      collapse(keep,hidden);
    }
  }

  function setView(v,t0,t1,fit){
    var span=Math.max(0.0001,Math.min(t1-t0,v.fitEnd));
    t0=Math.max(0,Math.min(t0,v.fitEnd-span));
    v.t0=t0; v.t1=t0+span;
    var room=v.section.querySelector('.scroll').clientWidth-v.lw-2;
    v.w=fit ? v.fitW : Math.max(400,room);
    place(v);
  }
  function remember(v){
    if(window.history){ history.replaceState(null,'','#zoom='+v.t0.toFixed(6)+','+v.t1.toFixed(6)); }
  }
  function zoomAround(v,tc,factor){
    var t0=tc-(tc-v.t0)*factor, t1=tc+(v.t1-tc)*factor;
    setView(v,t0,t1,false); remember(v);
  }
  function timeAt(v,clientX){
    var r=v.svg.getBoundingClientRect();
    return v.t0+(clientX-r.left-v.lw)*(v.t1-v.t0)/v.w;
  }

  function wire(v){
    var c=v.section.querySelector('.zoom');
    if(c){
      c.addEventListener('click',function(ev){
        var z=ev.target.getAttribute('data-z');
        var mid=(v.t0+v.t1)/2;
        if(z==='in'){ zoomAround(v,mid,0.5); }
        if(z==='out'){ zoomAround(v,mid,2); }
        if(z==='fit'){ setView(v,0,v.fitEnd,true); if(window.history){ history.replaceState(null,'',location.pathname+location.search); } }
      });
    }
    v.svg.addEventListener('wheel',function(ev){
      if(!(ev.ctrlKey || ev.metaKey)){ return; }
      ev.preventDefault();
      zoomAround(v,timeAt(v,ev.clientX),ev.deltaY > 0 ? 1.25 : 0.8);
    },{passive:false});
    v.svg.addEventListener('mousedown',function(ev){
      if(ev.button !== 0){ return; }
      ev.preventDefault();
      v.drag={x:ev.clientX,t0:v.t0,t1:v.t1};
    });
    document.addEventListener('mousemove',function(ev){
      if(!v.drag){ return; }
      var shift=(v.drag.x-ev.clientX)*(v.drag.t1-v.drag.t0)/v.w;
      setView(v,v.drag.t0+shift,v.drag.t1+shift,false);
    });
    document.addEventListener('mouseup',function(){ if(v.drag){ v.drag=null; remember(v); } });
    v.svg.addEventListener('dblclick',function(ev){
      var e=ev.target;
      if(!e.getAttribute('data-t0')){ return; }
      var a=parseFloat(e.getAttribute('data-t0'));
      var b=e.getAttribute('data-t1') !== null ? parseFloat(e.getAttribute('data-t1')) : a;
      var pad=Math.max((b-a)*0.5,0.02);
      setView(v,a-pad,b+pad,false); remember(v);
    });
  }

  var sections=document.querySelectorAll('section.timeline');
  for(var i=0;sections.length > i;i++){
    var v=makeView(sections[i]);
    if(v){ views.push(v); wire(v); }
  }
  var m=/^#zoom=([0-9.eE+-]+),([0-9.eE+-]+)$/.exec(location.hash);
  for(var j=0;views.length > j;j++){
    if(m){ setView(views[j],parseFloat(m[1]),parseFloat(m[2]),false); } else { declutter(views[j]); }
  }
})();
)";
}

}  // namespace reconsim::scenarios::detail
