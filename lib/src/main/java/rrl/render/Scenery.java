package rrl.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import rrl.env.Task;

/**
 * The render copy of a task's MJCF model: rrl's models hold the physics only, so for pictures the look of
 * Gymnasium's v4 assets (gymnasium/envs/mujoco/assets/*.xml, 0.29.1) is added to a copy: the directional light
 * above the origin, the gradient skybox, the checkered reflective floor ({@code MatPlane}), the {@code texgeom}
 * material, Hopper's {@code <map znear="0.02"/>}, and the trackcom camera {@code "track"} in the torso
 * ({@link Camera#track()}). Lights, textures, materials and cameras change no dynamics, and the renderer only
 * computes kinematics from a given {@code qpos}, so a picture shows exactly the state of the physics model.
 */
final class Scenery {
    private Scenery() {}

    /** The task's look: skybox top colour, the track camera's offset, and Hopper's extras. */
    private record Look(String skyboxTop, String trackCameraPos, boolean geomMaterial, boolean nearClip) {}

    private static Look look(Task task) {
        return switch (task.name()) {
            case "Hopper" -> new Look(".4 .5 .6", "0 -3 -0.25", true, true);
            case "Walker2d" -> new Look(".4 .5 .6", "0 -3 -0.25", false, false);
            default -> new Look("1 1 1", "0 -3 0.3", false, false); // HalfCheetah, Ant
        };
    }

    /**
     * MJCF text of {@code task}'s model with Gymnasium's look and an off-screen buffer of
     * {@code width x height} pixels ({@code <visual><global offwidth offheight>}) drawn with {@code multisamples}
     * samples per pixel ({@code <quality offsamples>}; MuJoCo's default is 4).
     */
    static String xml(Task task, int width, int height, int multisamples) {
        Document doc = parse(task.mjcfResource());
        Element root = doc.getDocumentElement();
        Look look = look(task);

        Element visual = child(doc, root, "visual", true);
        Element global = child(doc, visual, "global", false);
        global.setAttribute("offwidth", Integer.toString(width));
        global.setAttribute("offheight", Integer.toString(height));
        child(doc, visual, "quality", false).setAttribute("offsamples", Integer.toString(multisamples));
        if (look.nearClip()) {
            child(doc, visual, "map", false).setAttribute("znear", "0.02");
        }

        Element asset = child(doc, root, "asset", false);
        asset.appendChild(element(doc, "texture", "type", "skybox", "builtin", "gradient", "rgb1", look.skyboxTop(),
                "rgb2", "0 0 0", "width", "100", "height", "100"));
        asset.appendChild(element(doc, "texture", "name", "texgeom", "type", "cube", "builtin", "flat", "mark", "cross",
                "markrgb", "1 1 1", "random", "0.01", "rgb1", "0.8 0.6 0.4", "rgb2", "0.8 0.6 0.4", "width", "127",
                "height", "1278"));
        asset.appendChild(element(doc, "texture", "name", "texplane", "type", "2d", "builtin", "checker", "rgb1",
                "0 0 0", "rgb2", "0.8 0.8 0.8", "width", "100", "height", "100"));
        asset.appendChild(element(doc, "material", "name", "MatPlane", "reflectance", "0.5", "shininess", "1",
                "specular", "1", "texrepeat", "60 60", "texture", "texplane"));
        asset.appendChild(element(doc, "material", "name", "geom", "texture", "texgeom", "texuniform", "true"));

        if (look.geomMaterial()) {
            Element defaults = child(doc, root, "default", false);
            child(doc, defaults, "geom", false).setAttribute("material", "geom");
        }

        Element world = child(doc, root, "worldbody", false);
        world.insertBefore(element(doc, "light", "cutoff", "100", "diffuse", "1 1 1", "dir", "-0 0 -1.3",
                "directional", "true", "exponent", "1", "pos", "0 0 1.3", "specular", ".1 .1 .1"), world.getFirstChild());
        Element floor = named(world, "geom", "floor");
        if (floor != null) {
            floor.setAttribute("material", "MatPlane");
        }
        Element torso = named(world, "body", "torso");
        if (torso == null) {
            throw new IllegalStateException(task.mjcfResource() + " has no body named torso for the track camera");
        }
        torso.insertBefore(element(doc, "camera", "name", Camera.TRACK, "mode", "trackcom", "pos", look.trackCameraPos(),
                "xyaxes", "1 0 0 0 0 1"), torso.getFirstChild());
        return print(doc);
    }

    private static Document parse(String resource) {
        try (InputStream in = Scenery.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("MJCF resource not on the class path: " + resource);
            }
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException("reading MJCF resource " + resource, e);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("cannot parse MJCF resource " + resource + ": " + e.getMessage(), e);
        }
    }

    private static String print(Document doc) {
        try {
            StringWriter out = new StringWriter();
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException("cannot write the render model: " + e.getMessage(), e);
        }
    }

    /** The first direct child element called {@code tag}, created (first or last) if there is none. */
    private static Element child(Document doc, Element parent, String tag, boolean first) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        Element e = doc.createElement(tag);
        if (first) {
            parent.insertBefore(e, parent.getFirstChild());
        } else {
            parent.appendChild(e);
        }
        return e;
    }

    /** The first descendant {@code <tag name="name">}, or null. */
    private static Element named(Element parent, String tag, String name) {
        NodeList all = parent.getElementsByTagName(tag);
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (name.equals(e.getAttribute("name"))) {
                return e;
            }
        }
        return null;
    }

    private static Element element(Document doc, String tag, String... attributes) {
        Element e = doc.createElement(tag);
        for (int i = 0; i < attributes.length; i += 2) {
            e.setAttribute(attributes[i], attributes[i + 1]);
        }
        return e;
    }
}
