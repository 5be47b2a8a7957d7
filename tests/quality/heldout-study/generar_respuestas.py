#!/usr/bin/env python3
"""Genera respuestas.csv: la exportación del cuestionario abierto (20 respuestas).

Imita lo que devuelve una herramienta de encuestas abierta con Excel y guardada
de nuevo: UTF-8 con BOM, separador ';', fin de línea CRLF, celdas entre comillas
cuando tienen saltos de línea. Los textos son inventados para este estudio de
prueba; las erratas y las tildes que faltan son intencionadas.

Uso: python3 generar_respuestas.py   (escribe respuestas.csv junto a este script)
"""
import csv
import os

COLUMNAS = [
    "Marca temporal",
    "Sexo",
    "Edad",
    "Servicio / área de trabajo",
    "Años de experiencia en servicios sociales",
    "1. ¿Qué significa para usted intervenir con una familia que atraviesa una situación de crisis?",
    "2. Narre con detalle un caso concreto en el que tuvo que tomar una decisión sobre una familia en crisis: cómo le llegó el caso, qué decidió, con quién y qué pasó después.",
    "3. ¿Qué le ayudó y qué le dificultó a la hora de tomar esa decisión?",
    "4. ¿Qué cambiaría de los servicios sociales municipales para acompañar mejor a las familias en crisis?",
]

# (marca, sexo, edad, servicio, experiencia, p1, p2, p3, p4)
FILAS = [
    (
        "2024/03/04 09:12:41", "Mujer", "44", "Servicios Sociales Comunitarios", "16",
        "Para mí es sostener a la familia en el peor momento sin quitarle el protagonismo. "
        "Cuando llegan a nosotras suelen venir agotadas, con miedo y con mucha vergüenza, y lo "
        "primero es que sientan que no las juzgamos.",
        "Una madre sola con dos hijos de 6 y 9 años vino al centro a pedir cita porque le había "
        "llegado la notificación del juzgado: tenía fecha de lanzamiento en cinco semanas por "
        "impago del alquiler. Había perdido el trabajo en la limpieza y llevaba meses sin "
        "decírselo a nadie.\n"
        "Lo primero fue ordenar con ella los papeles, que los traía arrugados en una bolsa de "
        "plástico. Acordamos un plan: yo pedía la suspensión del lanzamiento por vulnerabilidad "
        "y ella se encargaba de hablar con el propietario, que al final era un señor mayor que "
        "también necesitaba ese dinero. Tramitamos una ayuda de emergencia para pagar parte de la "
        "deuda y la solicitud del ingreso mínimo vital.\n"
        "No fue lineal, hubo semanas en que no cogía el teléfono. Pero se consiguió aplazar y "
        "después entró en un piso de la bolsa de alquiler social del ayuntamiento. Hoy trabaja "
        "en una lavandería y hace un año que cerramos el expediente.",
        "Me ayudó que ella confiara en mí desde el principio y tener una compañera con la que "
        "pensar en voz alta. Me dificultó el tiempo: los plazos del juzgado no esperan a que la "
        "gente esté preparada.",
        "Menos papeleo y más tiempo para estar con la gente. Y una bolsa de vivienda de verdad, "
        "no cuatro pisos para toda la ciudad.",
    ),
    (
        "2024/03/04 10:03:15", "Femenino", "31", "infancia y familia", "5 años",
        "Es tomar decisiones que cambian vidas con informacion incompleta. Intentas proteger a "
        "los niños sin romper a la familia, y muchas veces no hay una opción buena, solo una "
        "menos mala.",
        "Un martes a media mañana me llamó la pediatra del centro de salud. Había visto a un "
        "bebé de cuatro meses con hematomas en los brazos y en la espalda y la explicación de "
        "los padres no encajaba. Esa misma tarde nos coordinamos con la policía y con el "
        "Servicio de Protección de Menores de la comunidad. El bebé quedó ingresado en el "
        "hospital para estudio y se confirmaron dos fracturas antiguas.\n"
        "Propusimos la declaración de desamparo y la guarda con una familia de acogida de "
        "urgencia. Los padres lloraban y me decían que yo no tenía hijos y no entendía nada. "
        "Ahora el niño está bien, a salvo, con una familia que lo quiere, y el procedimiento "
        "judicial sigue su curso.",
        "Me ayudo tener el informe medico claro, no hubo que interpretar mucho. Me dificulto la "
        "presion de los padres y que fuera mi primer desamparo.",
        "Protocolos mas claros con sanidad y alguien de guardia por las tardes, porque despues "
        "de las tres no hay nadie y los casos no esperan.",
    ),
    (
        "2024/03/04 11:47:02", "Hombre", "52 años", "UTS", "25",
        "Intervenir en crisis es llegar cuando ya se ha roto algo. Con los años he aprendido a "
        "no prometer lo que no puedo cumplir.",
        "Los vecinos avisaron a la policía local por el olor que salía de un piso. Dentro vivía "
        "un hombre de 81 años, solo, con una hija que residía en otra provincia y no contestaba. "
        "Lo encontramos desnutrido, sentado en un sillón del que casi no se levantaba, con la "
        "nevera vacía. Decidí esa misma mañana el ingreso urgente en una residencia municipal, "
        "aunque él decía que de su casa no lo sacaba nadie. Lo hablé con la médica de cabecera y "
        "lo comuniqué a la fiscalía para que valorara medidas de apoyo. Pasó las primeras semanas "
        "enfadado conmigo; luego empezó a comer, a jugar al dominó y a bajar al patio. Sigue "
        "allí, protegido y atendido.",
        "Ayuda: los años de oficio y que la medica viniera conmigo al domicilio. Dificulta: que "
        "la hija no apareciera y que el hombre no quisiera. Decidir contra la voluntad de "
        "alguien siempre pesa.",
        "Plazas residenciales de urgencia. No puede ser que para un ingreso urgente tengamos que "
        "llamar a diez sitios.",
    ),
    (
        "2024/03/05 08:55:30", "Mujer", "38 años", "Violencia de género", "11",
        "Acompañar a una mujer a que recupere el control de su vida, respetando sus tiempos "
        "aunque a veces esos tiempos nos asusten a nosotras.",
        "Llegó al servicio pidiendo información sobre ayudas porque no llegaba a fin de mes. En "
        "la segunda entrevista le pregunté por el dinero de casa y se le escapó que él le "
        "quitaba la tarjeta. Poco a poco, en los meses siguientes, fue contando insultos, "
        "control del móvil, un empujón contra la puerta.\n"
        "Yo tenía la tentación de activarlo todo ya, pero ella no quería denunciar y si la "
        "presionaba la perdía. Pactamos un plan de seguridad: una mochila en casa de su hermana, "
        "un número de teléfono, una palabra clave. Seguimos viéndonos cada semana. Cuando decidió "
        "separarse fue ella quien puso la fecha. Hoy vive con sus dos hijas en un piso alquilado "
        "y trabaja de cajera; la última vez que vino fue para traerme unas magdalenas.",
        "Me ayudo mucho la supervision del equipo, hablarlo cada semana. Me dificulto el miedo a "
        "que le pasara algo mientras yo esperaba.",
        "Más pisos de salida para mujeres que se separan, y más continuidad: que no cambien a la "
        "profesional cada vez que se acaba un contrato.",
    ),
    (
        "2024/03/05 23:18:09", "Femenino", "27", "Emergencia social", "2 años",
        "Significa estar disponible cuando todo se cae. Es un trabajo muy intenso y a veces no "
        "sabes si lo estas haciendo bien",
        "Era mi segundo mes en el servicio. La policia local nos llamo a las once de la noche "
        "porque habian encontrado a una familia con tres niños durmiendo en un coche en el "
        "parking de un supermercado. Los habian desauciado esa mañana y no tenian a donde ir.\n"
        "Fui con mi compañera, los niños estaban con frio y el pequeño con fiebre. Decidimos "
        "alojamiento de urgencia en un hostal esa misma noche y al pequeño lo llevamos a "
        "urgencias del hospital con la madre. Al dia siguiente lo pasamos a comunitarios para "
        "que siguieran con ellos. Los niños esa noche durmieron calentitos y seguros, que era lo "
        "que importaba.",
        "Me ayudo ir con una compañera con mas años. Lo dificil fue que el hostal solo admitia 3 "
        "noches y yo no sabia que pasaria despues.",
        "Mas plazas de alojamiento temporal, y coordinacion con comunitarios para que la familia "
        "no tenga que contar todo otra vez",
    ),
    (
        "2024/03/06 09:40:51", "Hombre", "46", "Equipo de Intervención Familiar", "14",
        "Ayudar a que la familia vuelva a funcionar por sí misma. Nosotros somos algo de paso, "
        "lo que queda tiene que ser suyo.",
        "La madre pidió cita porque su hijo de 15 años le había levantado la mano y se pasaba "
        "las noches fuera. El padre trabajaba de camionero y casi no estaba. Podríamos haberlo "
        "derivado a fiscalía de menores, pero hablándolo en el equipo vimos que había algo que "
        "reparar antes que castigar.\n"
        "Hicimos varias sesiones con los tres y acordamos un contrato de convivencia escrito: "
        "horarios, una tarde del padre con el chaval, y que la madre dejara de revisarle el "
        "móvil. El chico se apuntó a un taller de mecánica del ayuntamiento. Hubo una recaída "
        "fuerte en Navidad, con gritos y una puerta rota, pero no tiramos la toalla. A los diez "
        "meses la familia salió adelante y cerramos el caso.",
        "Lo que más ayudó fue que el chico se sintiera escuchado y no solo señalado. Lo que más "
        "dificultó fue el horario del padre.",
        "Que se pueda intervenir por las tardes. Las familias trabajan, y nosotros cerramos a "
        "las tres.",
    ),
    (
        "2024/03/06 12:21:37", "Mujer", "58", "Mayores y dependencia", "30",
        "En mayores la crisis muchas veces es de la persona que cuida. Intervenir es mirar a los "
        "dos, al que necesita cuidados y al que se está rompiendo.",
        "Una hija de 55 años pidió ayuda porque ya no podía más. Su madre tenía Alzheimer "
        "avanzado, se escapaba de casa de noche y la hija no dormía desde hacía meses; había "
        "dejado su trabajo y su matrimonio se resentía.\n"
        "Ella venía convencida de que había que llevar a su madre a una residencia, pero le daba "
        "una culpa terrible. Lo hablamos mucho, con calma y también con su hermano, que vivía en "
        "Bilbao. Decidimos juntos empezar por el centro de día y la ayuda a domicilio por las "
        "mañanas, y revisar en tres meses. Tramitamos la revisión de grado de dependencia.\n"
        "Al año la madre seguía en casa, la hija había vuelto a trabajar media jornada y me dijo "
        "que había recuperado su vida. Cuando por fin hizo falta la residencia, lo decidió ella "
        "sin culpa.",
        "Ayudó tener tiempo, no era una urgencia. Dificultó la lista de espera del centro de "
        "día, cuatro meses.",
        "Reducir las listas de espera de dependencia. Y programas de respiro familiar que no "
        "sean solo un mes en verano.",
    ),
    (
        "2024/03/07 17:05:12", "mujer", "35", "servicios sociales comunitarios", "9",
        "Es estar en medio de muchas cosas: la ley, los recursos que no hay, y una familia que "
        "no siempre quiere que estemos.",
        "Me llamó la trabajadora social del hospital un viernes por la tarde. Había ingresado "
        "una mujer con la cara amoratada y una costilla rota que decía que se había caído por la "
        "escalera. Tenía dos niños pequeños que estaban con una vecina.\n"
        "Fui al hospital y al hablar a solas conmigo me contó que era su marido, que no era la "
        "primera vez. Le dije que no podía volver a esa casa con los niños. Activamos el "
        "protocolo con la policía nacional, pidió la orden de protección y esa misma noche ella "
        "y los niños entraron en la casa de acogida. Estaba muerta de miedo y yo también, la "
        "verdad.\n"
        "A los dos meses él tenía orden de alejamiento y ella estaba a salvo en un piso "
        "tutelado. No sé si lo habría contado sin ese viernes.",
        "Ayudo que el protocolo funciono bien ese dia. Me dificulto que era viernes y no podia "
        "consultar con mi coordinadora.",
        "Guardias de servicios sociales los fines de semana. Y formación en violencia para todos "
        "los profesionales de comunitarios.",
    ),
    (
        "2024/03/08 10:30:00", "Hombre", "41 años", "Urgencia social", "12",
        "Es una carrera contra el reloj. Hay que decidir rapido y bien, y eso no siempre es "
        "compatible.",
        "Nos llegó un oficio del juzgado: lanzamiento en diez días de una familia con una hija "
        "con discapacidad. Nunca habían pasado por servicios sociales, no contestaban a las "
        "cartas. Fui al domicilio con la policia local porque no abrían. Dentro estaban el "
        "padre, la madre y la chica en silla de ruedas, con las maletas sin hacer, como si no "
        "fuera a pasar.\n"
        "Hice un informe de vulnerabilidad ese mismo día y lo mandé al juzgado pidiendo la "
        "suspensión. Se suspendió un mes. Mientras, pedimos alojamiento provisional en un piso "
        "de emergencia del ayuntamiento, adaptado. El día del lanzamiento ya estaban fuera y la "
        "chica protegida. Lo de despues ya lo llevó comunitarios.",
        "Me ayudó conocer a la secretaria judicial de otros casos. Me dificultó que la familia "
        "negaba el problema.",
        "",
    ),
    (
        "2024/03/08 13:14:26", "Mujer", "49", "Infancia y Familia", "20",
        "Significa creer que las personas pueden cambiar, aunque no siempre lo hagan a tiempo "
        "para sus hijos.",
        "Llevábamos un año de seguimiento con una madre con problemas de alcohol y dos niños de "
        "4 y 7 años. En las visitas veíamos que se iba deteriorando: la casa desordenada, los "
        "niños sin bañar, una vez la encontré dormida a mediodía.\n"
        "En el equipo hubo quien planteó proponer la retirada. Yo pensaba que los niños la "
        "querían y que con ayuda podía. Lo hablamos con ella a calzón quitado y acordamos un "
        "plan con condiciones claras: tratamiento en el centro de atención a las adicciones, la "
        "abuela materna viviendo con ellos unos meses, visitas nuestras sin avisar. Si no "
        "cumplía, tendríamos que proponer otra medida, y ella lo sabía.\n"
        "Tuvo una recaída en verano. La volvimos a sentar y siguió. Lleva dos años sin beber, "
        "los niños siguen con ella y hace poco cerramos el expediente.",
        "Me ayudo el vinculo que tenia con ella. Me dificulto el miedo a equivocarme, si pasaba "
        "algo a los niños iba a ser culpa mía.",
        "Mas psicologos en los equipos y coordinacion real con salud mental y adicciones.",
    ),
    (
        "2024/03/11 09:02:48", "F", "29", "atencion primaria", "4",
        "Entrar en la vida de la gente sin invadirla.",
        "La empleada de la sucursal del banco llamó al centro porque una clienta de 84 años "
        "venía cada semana con su hijo a sacar casi toda la pensión, y ella se quedaba callada "
        "y asustada. Fui a verla a casa. El hijo, de 50 años, sin trabajo y con problemas de "
        "juego, vivía con ella.\n"
        "La señora no quería denunciarlo, era su hijo. Yo veía claro el maltrato económico, pero "
        "decidí no forzar nada. Fui varias veces, a veces con la excusa de la teleasistencia. "
        "Poco a poco me fue contando. Entre las dos acordamos que la pensión se ingresara en "
        "otra cuenta a la que el hijo no tuviera acceso y que una sobrina le ayudara con los "
        "pagos. Al hijo lo derivamos a un programa de juego patológico.\n"
        "No es un final de película, el hijo sigue allí, pero ella maneja su dinero y dice que "
        "duerme mejor.",
        "Ayudó la paciencia de mi coordinadora, que no me metió prisa. Dificultó mi propia "
        "inseguridad, era mi primer año.",
        "Que se valore el tiempo de las visitas a domicilio, porque en las estadísticas solo "
        "cuentan las citas.",
    ),
    (
        "2024/03/11 18:45:10", "Hombre", "60", "SS.SS. Comunitarios", "más de 30",
        "Despues de 30 años te diria que es estar. Estar cuando te llaman y tambien cuando ya "
        "no te llaman.",
        "Una vecina llamo a la policia porque oia llorar a un niño en el piso de al lado desde "
        "hacia horas. Cuando llegamos estaba solo un niño de seis años, con la casa sucia y sin "
        "comida; la madre llevaba dos dias fuera. No era la primera vez, teniamos un expediente "
        "de riesgo abierto.\n"
        "Esa misma tarde hablamos con fiscalia de menores y se acordo la guarda provisional con "
        "la tia materna, que vivia en el mismo barrio y que vino en cuanto la llamamos. La madre "
        "aparecio al dia siguiente, se enfado muchisimo conmigo. El niño se quedo con la tia, "
        "esta bien cuidado y a salvo, y la madre lo ve los fines de semana.",
        "Me ayudo tener el expediente previo, no partiamos de cero. Lo dificil, ver al crio "
        "agarrado a mi pierna.",
        "Mas personal. En mi zona somos tres para 20.000 habitantes.",
    ),
    (
        "2024/03/12 11:11:11", "Mujer", "36", "Igualdad y violencia de género", "8",
        "Es devolverle a la mujer la palabra. Nosotras acompañamos, no decidimos por ella.",
        "Una chica de 22 años, embarazada de cinco meses, vino con una amiga a preguntar por el "
        "padrón y por el médico, porque no tenía papeles. Mientras hablábamos, el móvil no "
        "paraba de sonar: era su pareja, que quería saber dónde estaba.\n"
        "No me contó nada de violencia ese día. La cité para ayudarle con el empadronamiento y "
        "así la seguí viendo. Fuimos construyendo confianza a su ritmo, sin prisas; luego vino "
        "sola y me habló de los golpes. Le expliqué que tenía derechos aunque estuviera en "
        "situación irregular. Juntas decidimos el momento: fue después del parto, cuando tuvo "
        "fuerzas. Hoy tiene permiso de residencia, vive con su bebé y trabaja cuidando a una "
        "señora mayor.",
        "Me ayudó la amiga, que fue su apoyo todo el tiempo. Me dificultó la ley de extranjería, "
        "que le daba miedo a todo.",
        "Intérpretes y mediadoras interculturales en los servicios. Y que el padrón no sea una "
        "barrera.",
    ),
    (
        "2024/03/12 16:38:54", "Femenino", "43", "dependencia", "13",
        "Intervenir es sostener decisiones que nadie quiere tomar, y explicarlas con cariño.",
        "El médico de cabecera nos avisó de que una mujer de 78 años tenía moratones y estaba "
        "muy asustada. Cuidaba sola de su marido, con demencia frontotemporal, que se había "
        "vuelto agresivo. Ella no quería separarse de él: 'cincuenta años juntos', decía.\n"
        "Una noche él la empujó y ella se rompió la muñeca. Desde el hospital me llamaron y tuve "
        "que decidir. Gestionamos el ingreso urgente de él en una residencia con unidad de "
        "demencias, comunicándolo a la fiscalía. Ella lloraba y me pedía que no se lo llevaran. "
        "Hoy lo visita todos los días, ya sin miedo, y está protegida; él está tranquilo con la "
        "medicación ajustada.",
        "Me ayudó el informe de neurología. Me costó muchísimo verla a ella sentirse culpable.",
        "Unidades de respiro para cuidadores y plazas de urgencia para demencias.",
    ),
    (
        "2024/03/13 20:02:19", "hombre", "33", "Servicio de Ayuda a Domicilio", "6",
        "Para mi es respetar la dignidad de la persona aunque viva de una forma q a nosotros no "
        "nos gusta",
        "La auxiliar del SAD que atendia a una vecina del mismo edificio me comento que un señor "
        "de 70 años vivia rodeado de basura, con la casa llena hasta el techo (sindrome de "
        "Diogenes). Fui a verle y no me dejo pasar de la puerta.\n"
        "Volvi cada semana, charlabamos en el rellano. Un dia me dejo entrar. Le propuse limpiar "
        "solo la cocina y acepto. Despues el baño. Nunca le tiramos nada sin preguntarle, "
        "acordamos que cosas se quedaban. Tardamos ocho meses. Ahora tiene ayuda a domicilio dos "
        "veces por semana y me dice que ha vuelto a invitar a su hermano a comer en casa. Lo "
        "consegui x la paciencia, no por ninguna orden.",
        "Ayudo: la auxiliar, que lo conocia. Dificulto: presion de la comunidad de vecinos q "
        "queria que lo sacaramos ya",
        "mas tiempo para cada caso",
    ),
    (
        "2024/03/14 08:20:33", "Mujer", "51", "Equipo de intervencion familiar", "22",
        "Es convivir con la incertidumbre. Cada decision tiene consecuencias para niños que no "
        "han elegido nada.",
        "Conocíamos a la familia desde hacía años: padre con problemas de alcohol, madre muy "
        "dependiente de él, tres hijos. Siempre estábamos en el límite del riesgo. Un sábado a "
        "las dos de la madrugada la policía me llamó: el padre había pegado al hijo mayor, de 13 "
        "años, con un cinturón, y la madre no lo había parado.\n"
        "Fui con la policía. Los tres niños estaban en pijama en el descansillo. Llamé al "
        "servicio de protección de guardia y propusimos la guarda provisional de los tres; esa "
        "noche durmieron en un centro de acogida de urgencia, juntos, que fue lo único que pude "
        "asegurar. La madre no dijo nada, solo firmó.\n"
        "Hoy los tres están en acogimiento con unos tíos en otra ciudad, están protegidos y el "
        "mayor me escribe a veces.",
        "Me ayudo que la policia fue muy respetuosa con los niños. Me dificulto que llevaba años "
        "con esa familia y senti que habiamos llegado tarde.",
        "Que se escuche mas a los equipos antes de que pase lo grave. Llevabamos años avisando.",
    ),
    (
        "2024/03/14 14:59:01", "Mujer", "39", "Vivienda y emergencia social", "10 años",
        "Es trabajar con urgencias que son estructurales. La crisis de la familia casi siempre "
        "es la crisis de la vivienda.",
        "",
        "Ayuda tener criterios compartidos en el equipo. Dificulta que los recursos dependan de "
        "convocatorias anuales y se agoten en junio.",
        "Un parque público de vivienda suficiente. Sin eso todo lo demás son parches.",
    ),
    (
        "2024/03/15 10:44:27", "Mujer", "47 años", "UTS", "18",
        "Acompañar sin quitar responsabilidad, y sin dejar sola a la familia.",
        "Una mujer de 70 años y su hija de 40, con una discapacidad psíquica, vinieron a pedir "
        "ayuda porque el banco iba a quedarse con su casa: habían avalado un préstamo del otro "
        "hijo, que desapareció. Estaban aterradas.\n"
        "Lo primero fue calmarlas y hacer juntas una lista de lo que había. Contactamos con la "
        "plataforma de afectados por la hipoteca y con el servicio de intermediación "
        "hipotecaria. Fuimos con ellas a dos reuniones con el banco. Ellas decidían en cada "
        "paso, yo les explicaba las opciones. Al final se consiguió la dación en pago con un "
        "alquiler social en la misma vivienda durante cinco años.\n"
        "Se quedaron en su casa. La madre me dijo que era la primera vez que alguien las trataba "
        "como personas que podían decidir.",
        "Ayudó la plataforma, que sabía muy bien cómo negociar con los bancos. Dificultó que el "
        "banco cambiaba de interlocutor cada mes.",
        "Asesoría jurídica propia en los servicios sociales.",
    ),
    (
        "2024/03/18 09:31:50", "Hombre", "37", "Infancia y familia", "7",
        "Es poner a los niños en el centro, aunque eso suponga enfrentarse a los adultos.",
        "Una chica de 14 años se presentó sola en el centro de servicios sociales un lunes por "
        "la mañana. Dijo que no volvía a casa, que su padrastro le pegaba y que la tocaba cuando "
        "la madre no estaba. Tenía marcas en el cuello.\n"
        "No había tiempo para pensarlo mucho. La dejé con una compañera, llamé a fiscalía de "
        "menores y a la policía, y la acompañé a la exploración en el hospital. Esa misma tarde "
        "se decidió su ingreso en un centro de acogida de urgencia. La madre no la creyó y eso "
        "fue lo más duro.\n"
        "Hoy vive en un piso de protección para adolescentes, está a salvo y ha encontrado su "
        "primer trabajo en una peluquería.",
        "Ayudo que ella hablo claro. Dificulto no poder contar con la madre.",
        "Equipos especializados en abuso sexual infantil en cada comarca.",
    ),
    (
        "2024/03/18 12:07:03", "Mujer", "55", "mayores y dependencia", "27",
        "Es respetar la voluntad de las personas mayores aunque a sus familias no les guste.",
        "Un hijo pidió cita porque no podía seguir cuidando a su padre, de 88 años, viudo y casi "
        "ciego. El hijo vivía en la otra punta de la ciudad y quería una residencia ya. El padre "
        "decía que de su casa solo salía con los pies por delante.\n"
        "Nos sentamos los tres en el salón del padre. Le pregunté a él qué necesitaba y qué no "
        "estaba dispuesto a perder. Llegamos a un acuerdo: teleasistencia, ayuda a domicilio "
        "para la comida y el aseo, y una vecina que se ofreció a pasar por las tardes. El hijo "
        "se quedó más tranquilo. El padre vivió en su casa tres años más, con autonomía, hasta "
        "que falleció. El hijo vino a darme las gracias.",
        "Ayudo que el padre tenia la cabeza perfecta para decidir. Dificulto la ansiedad del "
        "hijo.",
        "Que la ley de dependencia sea mas agil, los plazos de resolucion son eternos.",
    ),
]


def main() -> None:
    assert len(FILAS) == 20, len(FILAS)
    ruta = os.path.join(os.path.dirname(os.path.abspath(__file__)), "respuestas.csv")
    # utf-8-sig escribe el BOM; lineterminator CRLF como Excel en Windows.
    with open(ruta, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
        w.writerow(COLUMNAS)
        for fila in FILAS:
            assert len(fila) == len(COLUMNAS), fila[0]
            # dentro de una celda, el salto de línea de Excel es LF
            w.writerow(fila)
    print(f"escrito {ruta}: {len(FILAS)} respuestas")


if __name__ == "__main__":
    main()
